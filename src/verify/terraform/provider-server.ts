import { spawn } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { holdGroup } from "../exec.js";

/**
 * The aws provider plugin started once and shared by the step's `terraform test` runs through
 * TF_REATTACH_PROVIDERS, as terraform-plugin-testing runs a provider for its acceptance tests.
 * Every Terraform command otherwise starts the plugin itself, after hashing its binary (about
 * 700 MB) against the lock file: about 1 s of a 4.5 s `terraform test` on an idle machine, about
 * 2 s on a busy one (measured). Terraform still asks the plugin for its schema and
 * validates and plans exactly as it would with a plugin it started.
 *
 * Only for runs that never configure the provider: the mocked plan replaces it with
 * `mock_provider`. The aws provider refuses a second ConfigureProvider in one process ("unable
 * to add custom RootCAs HTTPClient"), so the emulator's applies and plans start their own.
 */
export interface ProviderServer {
  /** The environment that makes terraform use this plugin. */
  env: { TF_REATTACH_PROVIDERS: string };
  /** The plugin binary, from the .terraform folder it was started from. */
  binary: string;
  /** Ends the plugin; safe to call more than once. */
  stop(): void;
}

/**
 * The plugin serves until stopped, so it must not outlive lambdaform even when lambdaform is
 * killed outright (SIGKILL, the OOM killer), which skips every exit handler: a watchdog shell
 * waits for its stdin, a pipe from lambdaform, to end, and then stops the plugin's process
 * group (`$0`). Plugin and watchdog are both children of lambdaform, which reaps them when it
 * stops them (a watchdog that started the plugin would leave it to an init that may not reap).
 */
const watchdog = 'read -r _; kill -TERM "-$0" 2>/dev/null';

/** Long enough for a cold start of the binary on a busy machine; Terraform would wait as long. */
const readyTimeoutMs = 30_000;

/**
 * The aws provider binary that `terraform init` put in `dotTerraform` (a .terraform folder or a
 * link to one), or undefined when there is none or more than one version.
 */
export function awsProviderBinary(dotTerraform: string): string | undefined {
  const base = path.join(dotTerraform, "providers", "registry.terraform.io", "hashicorp", "aws");
  try {
    const versions = readdirSync(base);
    if (versions.length !== 1) return undefined;
    const platforms = readdirSync(path.join(base, versions[0]!));
    if (platforms.length !== 1) return undefined;
    const dir = path.join(base, versions[0]!, platforms[0]!);
    const binary = readdirSync(dir).find((f) => f.startsWith("terraform-provider-aws"));
    return binary ? path.join(dir, binary) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts `binary` in the plugin SDK's debug mode, which prints the address to reattach to and
 * serves until stopped. Undefined when it does not start (the caller lets Terraform start the
 * plugin as usual). Stopped when `signal` aborts.
 */
export function startProviderServer(binary: string, signal: AbortSignal): Promise<ProviderServer | undefined> {
  // Providers the user reattached (one being debugged) stay in charge: Terraform reads their setting.
  if (signal.aborted || process.env.TF_REATTACH_PROVIDERS) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const windows = process.platform === "win32";
    const child = spawn(binary, ["-debug"], { stdio: ["ignore", "pipe", "ignore"], detached: !windows });
    if (child.pid === undefined) {
      child.on("error", () => resolve(undefined));
      return;
    }
    // Its own process group, as every child of verify (exec.ts); Windows has none to signal.
    const group = windows ? { stop: () => child.kill(), exited: () => {} } : holdGroup(child.pid);
    const guard = windows ? undefined : spawn("/bin/sh", ["-c", watchdog, String(child.pid)], { stdio: ["pipe", "ignore", "ignore"] });
    guard?.on("error", () => {});
    child.once("exit", () => guard?.kill());
    let socket: string | undefined;
    let settled = false;
    const stop = () => {
      group.stop();
      signal.removeEventListener("abort", stop);
    };
    const fail = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop();
      resolve(undefined);
    };
    const timer = setTimeout(fail, readyTimeoutMs);
    signal.addEventListener("abort", stop, { once: true });
    child.on("error", fail);
    child.on("exit", () => {
      group.exited();
      // Neither the plugin nor Terraform removes the socket it served on.
      if (socket) rmSync(socket, { force: true });
      fail();
    });
    let seen = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (settled) return; // Read on, so the plugin never blocks on a full pipe.
      seen += chunk;
      const line = seen.match(/TF_REATTACH_PROVIDERS='([^'\n]+)'/);
      if (!line) return;
      const config = reattachConfig(line[1]!);
      if (!config) return fail();
      settled = true;
      clearTimeout(timer);
      socket = config.socket;
      resolve({ env: { TF_REATTACH_PROVIDERS: line[1]! }, binary, stop });
    });
  });
}

/** The printed reattach configuration, if it names one aws provider on a unix socket. */
function reattachConfig(json: string): { socket?: string } | undefined {
  try {
    const parsed = JSON.parse(json) as Record<string, { Addr?: { Network?: string; String?: string } }>;
    const entries = Object.entries(parsed);
    if (entries.length !== 1 || !entries[0]![0].endsWith("/hashicorp/aws")) return undefined;
    const addr = entries[0]![1].Addr;
    return { socket: addr?.Network === "unix" ? addr.String : undefined };
  } catch {
    return undefined;
  }
}

/** Terraform's words for a reattached plugin it could not reach or that failed a call, never for the configuration. */
export function reattachFailed(output: string): boolean {
  return /rpc error|dial unix|connection refused|failed to instantiate provider|plugin (exited|crashed|did not respond)|reattach/i.test(output);
}
