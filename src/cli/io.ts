/** Where a command prints; injectable so tests can read what a user would see. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
  /**
   * Replaces the one live status line on stderr (a spinner); undefined clears it. Only present
   * when stderr is a terminal: without it, progress is printed as plain lines.
   */
  status?(line: string | undefined): void;
}

/**
 * Output streams whose reader went away (`| head -1`, a closed terminal): writing to them
 * again would only fail again, so later writes are dropped.
 */
const closed = new Set<NodeJS.WriteStream>();

function write(stream: NodeJS.WriteStream, text: string): void {
  if (closed.has(stream) || stream.destroyed) return;
  stream.write(text);
}

/**
 * A reader that stops reading (`lambdaform ... | head -1`) makes the next write fail with EPIPE,
 * emitted as an 'error' event that would otherwise crash the process with a stack trace. The
 * output is dropped and the command goes on to its own exit code: what it was asked to do
 * (write a project, run the checks) does not depend on anyone reading its messages.
 */
export function guardOutputStreams(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", () => closed.add(stream));
  }
}

export const processIo: Io = {
  out: (text) => write(process.stdout, text + "\n"),
  err: (text) => write(process.stderr, text + "\n"),
  isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  status: process.stderr.isTTY
    ? (line) => write(process.stderr, line === undefined ? "\r\x1b[2K" : `\r\x1b[2K${line.slice(0, (process.stderr.columns || 80) - 1)}`)
    : undefined,
};
