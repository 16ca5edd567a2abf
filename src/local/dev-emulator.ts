import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "../emulator/emulator.js";
import { LambdaformError } from "../errors.js";
import { motoLauncher } from "./moto-launcher.js";

/**
 * The emulator `lambdaform dev` talks to. By default a moto server of its own (moto-launcher.ts)
 * on 127.0.0.1:<emulator port>, started in the background and left running when dev stops, so
 * the emulator's state (tables, queues, objects) is still there on the next run;
 * `lambdaform dev --stop` stops it, `--fresh` empties it. `--endpoint` names any other emulator.
 */
export interface DevEmulator {
  endpoint: string;
  /** How it was found, for the one line dev prints: "started", "reused" or "given". */
  how: "started" | "reused" | "given";
  /** Set when the server is not one dev started: its own Lambda stand-in may act on events too. */
  foreign?: boolean;
}

interface ServerRecord {
  pid: number;
  port: number;
  log: string;
}

const stateDir = () => path.join(os.tmpdir(), "lambdaform-dev");
const recordFile = (port: number) => path.join(stateDir(), `emulator-${port}.json`);

function readRecord(port: number): ServerRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(recordFile(port), "utf8")) as ServerRecord;
    process.kill(record.pid, 0);
    return record;
  } catch {
    return undefined;
  }
}

/**
 * Whether a server answers HTTP at the endpoint. Not moto's /moto-api/data.json: once the
 * emulator holds Lambda functions, moto fails to describe them without Docker (HTTP 500).
 */
export async function answers(endpoint: string, timeoutMs = 2000): Promise<boolean> {
  try {
    await fetch(new URL("/", endpoint), { signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

export async function openEmulator(o: { endpoint?: string; port: number; fresh: boolean; signal?: AbortSignal }): Promise<DevEmulator> {
  if (o.endpoint) {
    const { endpoint } = await startEmulator({ endpoint: o.endpoint });
    if (o.fresh) await reset(endpoint);
    return { endpoint, how: "given", foreign: true };
  }
  const endpoint = `http://127.0.0.1:${o.port}`;
  if (await answers(endpoint)) {
    if (o.fresh) await reset(endpoint);
    return { endpoint, how: "reused", foreign: readRecord(o.port) === undefined };
  }
  await startServer(o.port, o.signal);
  return { endpoint, how: "started" };
}

async function reset(endpoint: string): Promise<void> {
  const response = await fetch(new URL("/moto-api/reset", endpoint), { method: "POST" }).catch(() => undefined);
  if (!response?.ok) throw new LambdaformError("emulatorUnavailable", `the emulator at ${endpoint} cannot be reset (--fresh needs moto's /moto-api/reset)`);
}

async function startServer(port: number, signal?: AbortSignal): Promise<void> {
  mkdirSync(stateDir(), { recursive: true });
  const log = path.join(stateDir(), `emulator-${port}.log`);
  const out = openSync(log, "w");
  const child = spawn("python3", ["-c", motoLauncher, "-H", "127.0.0.1", "-p", String(port)], {
    // Its own session: Ctrl-C in dev's terminal leaves it (and its state) running.
    detached: true,
    stdio: ["ignore", out, out],
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" },
  });
  closeSync(out);
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => resolve(code));
    child.on("error", () => resolve(-1));
  });
  child.unref();
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  let done: number | null | undefined;
  void exited.then((code) => (done = code));
  while (Date.now() < deadline && done === undefined && !signal?.aborted) {
    if (await answers(endpoint, 500)) {
      writeFileSync(recordFile(port), JSON.stringify({ pid: child.pid!, port, log } satisfies ServerRecord));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (done === undefined && child.pid) process.kill(child.pid, "SIGKILL");
  const tail = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").slice(-1)[0] : "";
  const why = /No module named 'moto/.test(tail ?? "")
    ? `moto is not installed for python3 (pip install "moto[server]")`
    : done === -1
      ? "python3 was not found"
      : `moto did not start on port ${port}${tail ? `: ${tail}` : ""}`;
  throw new LambdaformError("emulatorUnavailable", `${why}; or give --endpoint <url> of a running emulator`);
}

/** `lambdaform dev --stop`: stops the emulator dev started on this port; false when there was none. */
export function stopServer(port: number): boolean {
  const record = readRecord(port);
  rmSync(recordFile(port), { force: true });
  if (!record) return false;
  try {
    process.kill(-record.pid, "SIGTERM");
  } catch {
    process.kill(record.pid, "SIGTERM");
  }
  return true;
}

/** The process of the emulator dev started on this port, if it runs (tests check it is gone). */
export function serverPid(port: number): number | undefined {
  return readRecord(port)?.pid;
}
