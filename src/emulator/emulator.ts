import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { LambdaformError } from "../errors.js";

/**
 * Where lambdaform's own moto listens unless told otherwise: not moto's 5000 (macOS AirPlay
 * takes it) nor LocalStack's 4566, so a LocalStack already running is never mistaken for ours.
 */
export const defaultEmulatorPort = 4580;

/** An AWS emulator lambdaform can point Terraform and the handlers at. */
export interface Emulator {
  /** Base URL for every AWS service (`AWS_ENDPOINT_URL`), e.g. http://127.0.0.1:4580. */
  readonly endpoint: string;
  /** True when this process started the server: `stop()` then ends it; otherwise `stop()` leaves it running. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /** Any emulator already running (LocalStack, a shared moto): used as it is, never started or reset. */
  endpoint?: string;
  port?: number;
  /** Start from empty: a moto that is reused is reset first. */
  fresh?: boolean;
  signal?: AbortSignal;
  /** How long a starting moto may take to answer (default 30 s: a cold Python start on a busy machine). */
  startTimeoutMs?: number;
}

const motoCommand = "moto_server";

/**
 * An emulator to work against: the `endpoint` given (checked to answer), else a moto already
 * listening on the port (reused, so its state survives between runs), else a moto started here.
 * Fails with exit 19 and one line saying what to install or pass.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  if (options.endpoint !== undefined) return givenEndpoint(options.endpoint);
  const port = options.port ?? defaultEmulatorPort;
  const endpoint = `http://127.0.0.1:${port}`;
  const running = await probe(endpoint);
  if (running === "moto") {
    if (options.fresh) await resetMoto(endpoint);
    return { endpoint, owned: false, stop: async () => {} };
  }
  if (running === "other") {
    throw unavailable(`port ${port} is taken by a server that is not moto; pass --port <n> for another, or --endpoint ${endpoint} to use it as the emulator`);
  }
  return startMoto(endpoint, port, options);
}

/**
 * The environment a process needs to reach the emulator and nothing else: the SDKs (AWS SDK v3,
 * boto3, Terraform's provider) honour AWS_ENDPOINT_URL; fake keys stop them from looking for real
 * credentials, and no profile or instance metadata is consulted. Merge it over the parent's
 * environment: the undefined entries remove a profile the parent names (Node's spawn drops
 * undefined values), since boto3 fails on a profile its empty config file lacks.
 */
export function emulatorEnv(endpoint: string, region: string): Record<string, string | undefined> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_SESSION_TOKEN: "testing",
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PROFILE: undefined,
    AWS_DEFAULT_PROFILE: undefined,
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  };
}

/** `--endpoint` as the origin every service is reached at; exit 3 naming the value when it is no http(s) URL. */
export function checkEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LambdaformError("invalidValue", `--endpoint ${JSON.stringify(raw)} is not a URL (for example http://127.0.0.1:4566)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new LambdaformError("invalidValue", `--endpoint ${raw} must be an http:// or https:// URL`);
  }
  return url.origin;
}

async function givenEndpoint(raw: string): Promise<Emulator> {
  const endpoint = checkEndpoint(raw);
  if ((await probe(endpoint)) === "down") throw unavailable(`no AWS emulator answers at ${endpoint}: start it, or leave out --endpoint to use moto`);
  return { endpoint, owned: false, stop: async () => {} };
}

type ProbeResult = "moto" | "other" | "down";

const knownMoto = new Map<string, boolean>();

/**
 * True when the endpoint is a moto server (whose gaps the stack copy must work around). Asked
 * once per endpoint and given time: a moto busy applying a large stack answers slowly.
 */
export async function isMoto(endpoint: string): Promise<boolean> {
  let known = knownMoto.get(endpoint);
  if (known === undefined) {
    const result = await probe(endpoint, 15_000);
    if (result === "down") return false;
    known = result === "moto";
    knownMoto.set(endpoint, known);
  }
  return known;
}

/**
 * moto answers /moto-api/config with its settings as JSON (cheap, unlike data.json, which dumps
 * every resource and fails on some); anything else that answers HTTP is another server.
 */
async function probe(endpoint: string, timeoutMs = 2000): Promise<ProbeResult> {
  try {
    const response = await fetch(`${endpoint}/moto-api/config`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return "other";
    const body = await response.text();
    try {
      return typeof JSON.parse(body)?.lambda === "object" ? "moto" : "other";
    } catch {
      return "other";
    }
  } catch {
    return "down";
  }
}

async function resetMoto(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: "POST", signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw unavailable(`the moto at ${endpoint} refused a reset (HTTP ${response.status})`);
}

async function startMoto(endpoint: string, port: number, options: EmulatorOptions): Promise<Emulator> {
  const child = spawn(motoCommand, ["-H", "127.0.0.1", "-p", String(port)], {
    // Without it attaching an AWS managed policy (API Gateway's logging role, Lambda's basic role) fails.
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" },
    stdio: ["ignore", "ignore", "pipe"],
    // Its own process group: a Ctrl-C meant for lambdaform's prompt is not also moto's, and stop() ends werkzeug's children.
    detached: process.platform !== "win32",
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, error }));
    child.once("exit", (code) => resolve({ code }));
  });
  const killOnExit = () => signalGroup(child, "SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalGroup(child, "SIGTERM");
    const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    const early = await Promise.race([exited, delay(200).then(() => undefined)]);
    if (early) {
      process.removeListener("exit", killOnExit);
      if (early.error && (early.error as NodeJS.ErrnoException).code === "ENOENT") {
        throw unavailable(`${motoCommand} is not installed: pip install "moto[server]", or pass --endpoint <url> for a running emulator`);
      }
      const last = stderr.trim().split("\n").at(-1) ?? `exit code ${early.code}`;
      throw unavailable(`${motoCommand} stopped on start: ${last}`);
    }
    if (options.signal?.aborted) {
      await stop();
      throw unavailable("cancelled while the emulator was starting");
    }
    if ((await probe(endpoint)) === "moto") {
      // Werkzeug logs every request on stderr; keep draining it so a full pipe never blocks moto.
      return { endpoint, owned: true, stop };
    }
  }
  await stop();
  throw unavailable(`${motoCommand} did not answer on ${endpoint} within ${Math.round((options.startTimeoutMs ?? 30_000) / 1000)} s`);
}

/** A port nobody listens on now: a fresh moto per run, never one another run is using. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === "win32") child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function unavailable(message: string): LambdaformError {
  return new LambdaformError("emulatorUnavailable", message);
}
