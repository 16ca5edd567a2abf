/** Where a command prints; injectable so tests can read what a user would see. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
  /**
   * Replaces the live status on stderr (spinners, one line per "\n"-separated part); undefined clears it. Only present
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
  status: process.stderr.isTTY ? drawStatus : undefined,
};

/** Lines of the status area drawn last, cleared before the next draw. */
let statusHeight = 0;

/** Redraws the status area: one line per "\n"-separated part (verify shows one per running step). */
function drawStatus(text: string | undefined): void {
  const width = (process.stderr.columns || 80) - 1;
  const clear = "\r\x1b[2K" + "\x1b[1A\x1b[2K".repeat(Math.max(0, statusHeight - 1));
  const lines = text === undefined ? [] : text.split("\n").map((line) => line.slice(0, width));
  statusHeight = lines.length;
  write(process.stderr, clear + lines.join("\n"));
}
