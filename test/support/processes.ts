import { existsSync, readFileSync } from "node:fs";
import { execaSync } from "execa";

/** A process of this machine, as `ps` lists it. */
export interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  args: string;
}

/** Every process running now, zombies (ended, not yet reaped) left out. */
export function processTable(): Proc[] {
  const { stdout } = execaSync("ps", ["-eo", "pid=,ppid=,pgid=,stat=,args="]);
  return stdout
    .split("\n")
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null && !m[4]!.startsWith("Z"))
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), args: m[5]! }));
}

/** Alive and not a zombie: an orphan that ended waits for an init that may never reap it. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !(existsSync(stat) && /^\d+ \(.*\) Z/.test(readFileSync(stat, "utf8")));
}
