
export interface ExecResult {
  /** The command as a user would type it, for reports. */
  command: string;
  exitCode: number | undefined;
  ok: boolean;
  /** stdout and stderr interleaved. */
  output: string;
  stdout: string;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError?: string;
  canceled: boolean;
}

export interface ExecOptions {
  cwd: string;
  signal: AbortSignal;
  env?: Record<string, string | undefined>;
  /** How the command is shown in reports, when it differs from file + args. */
  display?: string;
}

/** Output without colours, so it stays readable in reports and parseable. */
const quietEnv = { FORCE_COLOR: "0", NO_COLOR: "1", CI: "1", npm_config_color: "false", CHECKPOINT_DISABLE: "1" };

const killDelayMs = 2000;

/**
 * Process groups of the children started here that may still have members: added at spawn,
 * dropped once the group is empty. A group whose leader exited but whose members live on
 * (a grandchild that ignored SIGTERM) stays, so the process's last act can still kill it.
 */
const liveGroups = new Set<number>();

/**
 * Runs one command to completion and never throws for a failed command. Each child gets its
 * own process group, so an abort (Ctrl-C or the step's time limit) stops its children too
 * (vitest workers, terraform's provider plugins, npm's install scripts).
 */
export async function exec(file: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const command = options.display ?? commandLine(file, args);
  if (options.signal.aborted) return { command, exitCode: undefined, ok: false, output: "", stdout: "", canceled: true };
  // Loaded here, not at the top: every run imports this module (for killRunningChildren), few run commands.
  const { execa } = await import("execa");
  const child = execa(file, args, {
    cwd: options.cwd,
    env: { ...quietEnv, ...options.env },
    stdin: "ignore",
    all: true,
    reject: false,
    detached: process.platform !== "win32",
    cancelSignal: options.signal,
    forceKillAfterDelay: killDelayMs,
  });
  const groupId = child.pid !== undefined && process.platform !== "win32" ? child.pid : undefined;
  if (groupId !== undefined) liveGroups.add(groupId);
  const killGroup = () => {
    if (child.pid === undefined || process.platform === "win32") return;
    signalGroup(child.pid, "SIGTERM");
    setTimeout(() => signalGroup(child.pid!, "SIGKILL"), killDelayMs).unref();
  };
  options.signal.addEventListener("abort", killGroup, { once: true });
  try {
    const result = await child;
    const spawnError = result.failed && result.exitCode === undefined && !result.isCanceled && !result.isTerminated ? result.shortMessage : undefined;
    return {
      command,
      exitCode: result.exitCode,
      ok: !result.failed,
      output: String(result.all ?? ""),
      stdout: String(result.stdout ?? ""),
      spawnError,
      canceled: result.isCanceled,
    };
  } finally {
    options.signal.removeEventListener("abort", killGroup);
    if (groupId !== undefined && !groupAlive(groupId)) liveGroups.delete(groupId);
  }
}

/**
 * The last resort, for process.on("exit"): kills every child process group still alive, at
 * once and synchronously (no timers run after "exit"). Normally there are none: an abort
 * stops them with SIGTERM first; this catches a second Ctrl-C, the exit deadline after a
 * signal, and grandchildren that ignored SIGTERM.
 */
export function killRunningChildren(): void {
  for (const id of liveGroups) signalGroup(id, "SIGKILL");
  liveGroups.clear();
}

/**
 * For a long-lived child started elsewhere with its own process group (a provider plugin
 * shared by several terraform runs): `stop` sends its group SIGTERM, then SIGKILL; until
 * `exited` is called the group stays with those killRunningChildren kills, should lambdaform
 * exit before it is gone.
 */
export function holdGroup(pid: number): { stop(): void; exited(): void } {
  liveGroups.add(pid);
  let stopped = false;
  return {
    stop() {
      if (stopped || !liveGroups.has(pid)) return;
      stopped = true;
      signalGroup(pid, "SIGTERM");
      setTimeout(() => {
        if (liveGroups.has(pid)) signalGroup(pid, "SIGKILL");
      }, killDelayMs).unref();
    },
    exited() {
      if (!groupAlive(pid)) liveGroups.delete(pid);
    },
  };
}

function groupAlive(id: number): boolean {
  try {
    process.kill(-id, 0);
    return true;
  } catch (error) {
    // EPERM: a member exists that we may not signal; it is still alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

export function commandLine(file: string, args: readonly string[]): string {
  return [file, ...args].map(quote).join(" ");
}

function quote(arg: string): string {
  return /^[\w./=:@,+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/** The last `lines` lines of a command's output, for failure reports. */
export function tail(output: string, lines = 30): string {
  const all = output.replace(/\s+$/, "").split("\n");
  return all.slice(-lines).join("\n");
}
