import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, watch, writeFileSync, type FSWatcher } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { defaultEmulatorPort, emulatorEnv } from "../emulator/emulator.js";
import { applyStack } from "../emulator/stack.js";
import { CancelledError, LambdaformError, usageError } from "../errors.js";
import { readManifest } from "../manifest/read.js";
import { parseFlags, parseProjectCommand } from "../cli/args.js";
import type { MainDeps } from "../cli/main.js";
import { synthCommand } from "../cli/synth-command.js";
import { exec } from "../verify/exec.js";
import { stackFiles } from "../verify/steps/synth.js";
import { asyncInvoker, type AsyncSettings } from "./async-invoke.js";
import type { DeliveryContext, EventSource } from "./delivery.js";
import { openEmulator, stopServer } from "./dev-emulator.js";
import { EmulatorApi } from "./emulator-api.js";
import { deployedNames, devDir, extractPackages, readFunction } from "./functions.js";
import type { HttpTrigger } from "./http-events.js";
import { startHttpServer, type HttpMount } from "./http-server.js";
import { FunctionRunner } from "./runners/runner.js";
import { dynamodbStreamSource } from "./sources/dynamodb-stream.js";
import { eventBridgeSource } from "./sources/eventbridge.js";
import { s3Source } from "./sources/s3.js";
import { scheduledInput, scheduleSource } from "./sources/schedule.js";
import { snsSource } from "./sources/sns.js";
import { sqsSource } from "./sources/sqs.js";
import { readWiring } from "./wiring.js";

export const defaultDevPort = 3000;

export const devUsage = `Usage: lambdaform dev [dir] [--port <n>] [--emulator-port <n>] [--endpoint <url>] [--fresh]
       lambdaform dev --stop [--emulator-port <n>]

Runs the project on this machine, no Docker and no AWS account: applies its Terraform stack to
an AWS emulator (moto, started in the background and kept between runs), serves its HTTP
functions on http://127.0.0.1:<port>/<function>/, delivers queue, topic, rule, bucket, stream and
schedule events to the functions as Lambda would, and reloads them when src/ changes.
POST an event to http://127.0.0.1:<port>/_lambdaform/invoke/<function> (nothing: a sample
event) to invoke any function; \`npm run invoke -- <function> --local\` does that. Ctrl-C stops.
Exits 19 when no emulator can be started or reached.

Flags:
  --port <n>           where the functions are served (default ${defaultDevPort}; 0: any free port)
  --emulator-port <n>  where lambdaform's moto listens (default ${defaultEmulatorPort})
  --endpoint <url>     use this running emulator instead (LocalStack, a shared moto)
  --fresh              empty the emulator first (every table, queue, object of every project in it)
  --stop               stop the emulator dev started in the background, and exit
  --help, -h           print this help`;

const httpTriggers: readonly string[] = ["http-api", "rest-api", "function-url"];

function portValue(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new LambdaformError("invalidValue", `${flag} ${JSON.stringify(text)} must be a port number (0-65535)`);
  return n;
}

/** `lambdaform dev`: see devUsage. Runs until the signal (Ctrl-C) aborts, then stops everything it started but the emulator. */
export async function devCommand(argv: readonly string[], deps: MainDeps): Promise<number> {
  if (argv.includes("--stop")) return stopCommand(argv, deps);
  const { dir, values, help } = parseProjectCommand(argv, deps.cwd, {
    port: { type: "string" },
    "emulator-port": { type: "string" },
    endpoint: { type: "string" },
    fresh: { type: "boolean" },
  });
  if (help) {
    deps.io.out(devUsage);
    return 0;
  }
  const emulatorPort = portValue(values["emulator-port"] as string | undefined, "--emulator-port", defaultEmulatorPort);
  const port = portValue(values.port as string | undefined, "--port", defaultDevPort);
  const signal = deps.signal ?? new AbortController().signal;
  const say = (line: string) => deps.io.err(`lambdaform dev: ${line}`);
  const { spec } = readManifest(dir);
  if (!existsSync(path.join(dir, "node_modules"))) throw new LambdaformError(11, `${dir} has no node_modules: run \`npm install\` there first`);

  const emulator = await openEmulator({ endpoint: values.endpoint as string | undefined, port: emulatorPort, fresh: Boolean(values.fresh), signal });
  say(`emulator ${emulator.endpoint} (${emulator.how}${emulator.how === "started" ? "; it keeps running after dev stops: lambdaform dev --stop" : ""})`);
  if (emulator.foreign) {
    say("this emulator was not started by lambdaform dev: if it runs functions itself (LocalStack), events may be handled twice");
  }

  const code = await synthCommand([dir], deps);
  if (code !== 0) return code;
  if (signal.aborted) throw new CancelledError("dev cancelled");
  const workDir = path.join(devDir(dir), `terraform-${new URL(emulator.endpoint).host.replace(/[^A-Za-z0-9.-]/g, "_")}`);
  if (values.fresh) rmSync(workDir, { recursive: true, force: true });
  const api = new EmulatorApi(emulator.endpoint, spec.region, signal);
  const names = deployedNames(dir, spec);
  await applyUnlessApplied(dir, workDir, emulator.endpoint, api, [...names.keys()], signal, say);

  const environment = Object.fromEntries(
    Object.entries(emulatorEnv(emulator.endpoint, spec.region)).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const packages = extractPackages(dir, spec);
  const runners = new Map<string, FunctionRunner>();
  const asyncSettings = new Map<string, AsyncSettings>();
  const width = Math.max(...spec.functions.map((f) => f.name.length));
  for (const [awsName, name] of names) {
    const fn = await readFunction(api, awsName, name, spec.runtime, { codeDir: packages.codeDir(name), libraryDirs: packages.libraryDirs, environment });
    runners.set(name, new FunctionRunner(fn.config, (line) => deps.io.out(`${name.padEnd(width)} | ${line}`)));
    asyncSettings.set(name, fn.async);
  }
  const stopRunners = () => {
    for (const runner of runners.values()) runner.stop();
  };
  process.once("exit", stopRunners);

  const invoke = (fn: string, event: unknown) => runners.get(fn)!.invoke(event);
  const context: DeliveryContext = {
    api,
    region: spec.region,
    accountId: functionAccount(asyncSettings),
    signal,
    invoke,
    invokeAsync: () => undefined,
    note: say,
  };
  context.invokeAsync = asyncInvoker(context, invoke, (fn) => asyncSettings.get(fn)!);

  const wiring = await readWiring(context, names);
  const sources: EventSource[] = [
    ...wiring.sqs.map((m) => sqsSource(context, m)),
    ...wiring.sns.map((s) => snsSource(context, s)),
    ...wiring.rules.map((r) => eventBridgeSource(context, r)),
    ...wiring.buckets.map((b) => s3Source(context, b)),
    ...wiring.streams.map((m) => dynamodbStreamSource(context, m)),
    ...wiring.schedules.map((s) => scheduleSource(context, s)),
  ];

  const mounts: HttpMount[] = spec.functions
    .filter((f) => httpTriggers.includes(f.trigger))
    .map((f) => ({
      fn: f.name,
      trigger: f.trigger as HttpTrigger,
      routeKeys: [f.options.route, ...(f.attached ?? []).map((a) => a.route)].filter((r): r is string => typeof r === "string"),
      ...(typeof f.options.stageName === "string" ? { stage: f.options.stageName } : {}),
      ...(f.trigger === "function-url" && f.options.auth !== "NONE" ? { iamAuth: true } : {}),
    }));
  const sampleEvent = (fn: string): unknown => {
    const schedule = wiring.schedules.find((s) => s.fn === fn);
    if (schedule) return scheduledInput(schedule, new Date());
    const folder = path.join(dir, "events", fn);
    const first = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith(".json")).sort()[0] : undefined;
    if (!first) throw new LambdaformError("invalidValue", `${fn} has no sample event in events/${fn}/; POST one`);
    return JSON.parse(readFileSync(path.join(folder, first), "utf8"));
  };
  const server = await startHttpServer({
    port,
    mounts,
    region: spec.region,
    accountId: context.accountId,
    invoke,
    sampleEvent,
    functions: [...runners.keys()],
  }).catch((error: NodeJS.ErrnoException) => {
    stopRunners();
    if (error.code === "EADDRINUSE") throw usageError(`port ${port} is taken: pass --port <n> for another (0: any free port)`);
    throw error;
  });
  mkdirSync(devDir(dir), { recursive: true });
  const serverFile = path.join(devDir(dir), "server.json");
  writeFileSync(serverFile, JSON.stringify({ url: server.url, pid: process.pid, emulator: emulator.endpoint }) + "\n");
  const removeServerFile = () => rmSync(serverFile, { force: true });
  // Also when a signal's exit deadline ends the process before the event sources have stopped.
  process.once("exit", removeServerFile);

  for (const m of mounts) say(`${m.trigger} ${m.fn}: ${server.url}/${m.fn}/${m.trigger === "http-api" ? ` (${m.routeKeys.join(", ")})` : ""}`);
  for (const source of sources) say(source.describe);
  say(`invoke any function: curl -X POST ${server.url}/_lambdaform/invoke/<function> [-d @event.json]`);
  const watcher = watchSources(dir, () => reload());
  say(`ready; code changes in src/ are picked up; Ctrl-C stops (the emulator keeps its state)`);

  let reloading: Promise<void> | undefined;
  const reload = () => {
    reloading ??= (async () => {
      const result = await exec(process.execPath, ["scripts/package.mjs"], { cwd: dir, signal, display: "node scripts/package.mjs" });
      if (!result.ok) {
        say(`code changed, but packaging failed; the functions keep the last good build:\n${result.output.trim()}`);
        return;
      }
      extractPackages(dir, spec);
      for (const runner of runners.values()) runner.restart();
      say("code changed: repackaged; each function starts anew (init runs again) on its next event");
    })().finally(() => (reloading = undefined));
  };

  const running = sources.map((s) => s.run());
  await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));
  // The server is going away: no longer advertised, before anything that can take a while.
  removeServerFile();
  watcher?.close();
  stopRunners();
  await server.close();
  // A queue's long poll can outlast the 2 s a signal leaves before the process exits.
  await Promise.allSettled(running);
  process.removeListener("exit", removeServerFile);
  process.removeListener("exit", stopRunners);
  throw new CancelledError(`dev stopped; the emulator keeps its state (lambdaform dev --stop ends it)`);
}

/**
 * The stack without its packages' hashes: dev runs the functions from the local packages, so a
 * change of code alone needs no apply to the emulator.
 */
function withoutCode(stackJson: string): unknown {
  const stack = JSON.parse(stackJson) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  for (const type of ["aws_lambda_function", "aws_lambda_layer_version"]) {
    for (const resource of Object.values(stack.resource?.[type] ?? {})) {
      // The asset's folder is named after its contents' hash too.
      delete resource.source_code_hash;
      delete resource.filename;
    }
  }
  return stack;
}

/**
 * Applies the synthesized stack to the emulator, unless the same stack (code aside) was applied
 * last time and the emulator still holds its functions (a restart of dev, not of the emulator):
 * a large stack takes minutes to apply, and refreshing an unchanged one changes nothing.
 */
async function applyUnlessApplied(
  dir: string,
  workDir: string,
  endpoint: string,
  api: EmulatorApi,
  functionNames: string[],
  signal: AbortSignal,
  say: (line: string) => void,
): Promise<void> {
  const hash = createHash("sha256").update(JSON.stringify(withoutCode(readFileSync(stackFiles(dir)[0]!, "utf8")))).update(endpoint).digest("hex");
  const marker = path.join(workDir, "applied-stack.sha256");
  const present = async () => {
    for (const name of functionNames) {
      const found = await api.rest("lambda", "GET", `/2015-03-31/functions/${encodeURIComponent(name)}/configuration`).then(
        () => true,
        () => false,
      );
      if (!found) return false;
    }
    return true;
  };
  if (existsSync(marker) && readFileSync(marker, "utf8") === hash && (await present())) {
    say("the emulator holds this stack as last applied: no apply needed");
    return;
  }
  rmSync(marker, { force: true });
  const started = performance.now();
  say("applying the stack to the emulator (terraform apply)...");
  const applied = await applyStack({ projectDir: dir, endpoint, workDir, signal, onLine: say }).catch((error: unknown) => {
    if (signal.aborted) throw new CancelledError("dev cancelled");
    throw error;
  });
  for (const note of applied.notes) if (note.includes("left out")) say(note);
  writeFileSync(marker, hash);
  say(`applied: ${applied.resources} resources in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** `lambdaform dev --stop [--emulator-port <n>]`: needs no project. */
function stopCommand(argv: readonly string[], deps: MainDeps): number {
  const { values } = parseFlags({ args: [...argv], strict: true, options: { stop: { type: "boolean" }, "emulator-port": { type: "string" } } }, "--stop takes only --emulator-port");
  const port = portValue(values["emulator-port"], "--emulator-port", defaultEmulatorPort);
  const stopped = stopServer(port);
  deps.io.err(stopped ? `lambdaform dev: stopped the emulator on port ${port}` : `lambdaform dev: no emulator of lambdaform dev runs on port ${port}`);
  return 0;
}

function functionAccount(settings: Map<string, AsyncSettings>): string {
  const arn = settings.values().next().value?.functionArn ?? "";
  return arn.split(":")[4] || "123456789012";
}

/** Watches src/ (and layer/) for changes, a quarter second of quiet before it reacts. */
function watchSources(dir: string, onChange: () => void): { close(): void } | undefined {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  for (const folder of ["src", "layer"]) {
    const full = path.join(dir, folder);
    if (!existsSync(full)) continue;
    watchers.push(
      watch(full, { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(onChange, 250);
      }),
    );
  }
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
