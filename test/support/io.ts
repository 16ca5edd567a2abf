import type { Io } from "../../src/cli/io.js";

/** An Io that records what a user would have seen. */
export function recordingIo(isTTY = false): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, isTTY, out: (text) => stdout.push(text), err: (text) => stderr.push(text) };
}
