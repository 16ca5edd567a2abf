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

export const processIo: Io = {
  out: (text) => process.stdout.write(text + "\n"),
  err: (text) => process.stderr.write(text + "\n"),
  isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  status: process.stderr.isTTY
    ? (line) => process.stderr.write(line === undefined ? "\r\x1b[2K" : `\r\x1b[2K${line.slice(0, (process.stderr.columns || 80) - 1)}`)
    : undefined,
};
