import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { nodeBootstrap, pythonBootstrap } from "./bootstraps.js";

/** What a deployed function is, as the emulator's Lambda reports it, plus where its package was extracted. */
export interface FunctionConfig {
  /** The function's name in lambdaform.json (`api`). */
  name: string;
  /** Its name in AWS (`svc-api`). */
  functionName: string;
  functionArn: string;
  runtime: string;
  /** `index.handler` (Node) or `app.handlers.api.handler` (Python), as the stack sets it. */
  handler: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** The stack's variables for this function, plus the emulator's endpoint and keys. */
  environment: Record<string, string>;
  /** The extracted package: Lambda's task root. */
  codeDir: string;
  /** Folders the runtime puts on its module path (a layer's python/ folder). */
  libraryDirs: string[];
}

export interface InvokeError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export type Invocation =
  | { requestId: string; ok: true; payload: string; durationMs: number }
  | { requestId: string; ok: false; error: InvokeError; durationMs: number };

/**
 * An X-Ray trace header as Lambda sets it, not sampled: a tracer finds the context it expects
 * and sends no segments (there is no X-Ray daemon here).
 */
function traceHeader(): string {
  const hex = (bytes: number) => randomBytes(bytes).toString("hex");
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${hex(12)};Parent=${hex(8)};Sampled=0`;
}

type Answer = { id: string; ok: true; payload: string } | { id: string; ok: false; error: InvokeError };

/**
 * One function's execution environment: a long-lived process that loads the handler once and
 * runs one invocation at a time (further invocations wait their turn). An invocation still
 * running at the function's timeout is stopped with Lambda's error, and the process with it,
 * so the next invocation starts a fresh environment, as Lambda does after a timeout. `restart`
 * (after a code change) replaces the process before the next invocation.
 */
export class FunctionRunner {
  private child?: ChildProcess;
  private ready?: Promise<void>;
  private pending?: { id: string; settle: (answer: Answer | InvokeError) => void };
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    readonly config: FunctionConfig,
    private readonly log: (line: string) => void,
  ) {}

  invoke(event: unknown): Promise<Invocation> {
    const run = this.turn.then(() => this.invokeNow(event));
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** Stops the process; the next invocation starts a new one (init runs again). */
  restart(): void {
    this.stop();
  }

  stop(): void {
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private async invokeNow(event: unknown): Promise<Invocation> {
    const { config } = this;
    if (!this.child) this.start();
    await this.ready;
    const requestId = randomUUID();
    const started = performance.now();
    const deadlineMs = Date.now() + config.timeoutSeconds * 1000;
    this.log(`START RequestId: ${requestId} Version: $LATEST`);
    const context = {
      functionName: config.functionName,
      functionVersion: "$LATEST",
      invokedFunctionArn: config.functionArn,
      memoryLimitInMB: String(config.memoryMb),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${config.functionName}`,
      logStreamName: `local/[$LATEST]${this.child?.pid ?? 0}`,
      deadlineMs,
      traceId: traceHeader(),
    };
    const answer = await new Promise<Answer | InvokeError>((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.stop();
        const limit = config.timeoutSeconds.toFixed(2);
        this.log(`${new Date().toISOString()} ${requestId} Task timed out after ${limit} seconds`);
        resolve({ errorType: "Sandbox.Timedout", errorMessage: `Task timed out after ${limit} seconds` });
      }, config.timeoutSeconds * 1000);
      this.pending = {
        id: requestId,
        settle: (value) => {
          clearTimeout(timer);
          this.pending = undefined;
          resolve(value);
        },
      };
      this.send({ id: requestId, event, context });
    });
    const durationMs = performance.now() - started;
    this.log(`END RequestId: ${requestId}`);
    this.log(`REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tMemory Size: ${config.memoryMb} MB`);
    if ("errorType" in answer) return { requestId, ok: false, error: answer, durationMs };
    if (!answer.ok) return { requestId, ok: false, error: answer.error, durationMs };
    return { requestId, ok: true, payload: answer.payload, durationMs };
  }

  private start(): void {
    const { config } = this;
    const python = config.runtime.startsWith("python");
    const dot = config.handler.lastIndexOf(".");
    const environment: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
      LANG: "en_US.UTF-8",
      TZ: ":UTC",
      LAMBDA_TASK_ROOT: config.codeDir,
      _HANDLER: config.handler,
      AWS_EXECUTION_ENV: `AWS_Lambda_${config.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: config.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: "local",
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      ...config.environment,
    };
    let child: ChildProcess;
    if (python) {
      environment.PYTHONPATH = [config.codeDir, ...config.libraryDirs].join(path.delimiter);
      environment.PYTHONUNBUFFERED = "1";
      child = spawn("python3", ["-c", pythonBootstrap, config.handler], {
        cwd: config.codeDir,
        env: environment,
        stdio: ["pipe", "pipe", "pipe", "pipe"],
      });
      this.readLines(child.stdio[3] as Readable, (line) => this.onAnswer(JSON.parse(line) as Answer | { ready: true }));
    } else {
      const bootstrap = path.join(config.codeDir, "..", `${config.name}.bootstrap.mjs`);
      writeFileSync(bootstrap, nodeBootstrap);
      const file = path.join(config.codeDir, `${config.handler.slice(0, dot)}.mjs`);
      child = spawn(process.execPath, [bootstrap, file, config.handler.slice(dot + 1)], {
        cwd: config.codeDir,
        env: environment,
        stdio: ["ignore", "pipe", "pipe", "ipc"],
      });
      child.on("message", (message) => this.onAnswer(message as Answer | { ready: true }));
    }
    this.child = child;
    this.readLines(child.stdout!, this.log);
    this.readLines(child.stderr!, this.log);
    let markReady: () => void = () => undefined;
    this.ready = new Promise<void>((resolve) => (markReady = resolve));
    this.onReady = markReady;
    child.on("error", (error) => this.onExit(child, `could not start: ${error.message}`));
    child.on("exit", (code, signal) => this.onExit(child, signal ? `signal ${signal}` : `exit status ${code}`));
  }

  private onReady: () => void = () => undefined;

  private onAnswer(message: Answer | { ready: true }): void {
    if ("ready" in message) return this.onReady();
    if (this.pending?.id === message.id) this.pending.settle(message);
  }

  /** A process that ends on its own (a crash, `process.exit`) fails the invocation it was running, as Lambda's runtime does. */
  private onExit(child: ChildProcess, how: string): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.onReady();
    this.ready = undefined;
    this.pending?.settle({ errorType: "Runtime.ExitError", errorMessage: `Runtime exited with error: ${how}` });
  }

  private send(request: { id: string; event: unknown; context: Record<string, unknown> }): void {
    const child = this.child;
    if (!child) {
      this.pending?.settle({ errorType: "Runtime.ExitError", errorMessage: "Runtime exited before the invocation" });
      return;
    }
    if (child.send) child.send(request);
    else child.stdin!.write(JSON.stringify(request) + "\n");
  }

  private readLines(stream: Readable, onLine: (line: string) => void): void {
    createInterface({ input: stream, crlfDelay: Infinity }).on("line", onLine);
  }
}
