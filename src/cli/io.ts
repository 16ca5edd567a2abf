/** Where a command prints; injectable so tests can read what a user would see. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text + "\n"),
  err: (text) => process.stderr.write(text + "\n"),
  isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
};
