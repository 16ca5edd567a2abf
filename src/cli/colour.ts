/**
 * ANSI colours for what a person reads on a terminal, and none anywhere else: not when stdout
 * is a pipe or a file, and not when NO_COLOR is set to anything non-empty (https://no-color.org).
 * Dependency-free: five styles do not justify a package.
 */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

export function colourWanted(stdoutIsTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return stdoutIsTTY && !env.NO_COLOR;
}

const style = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string) => text;

export function paint(enabled: boolean): Paint {
  if (!enabled) return { bold: plain, dim: plain, cyan: plain, green: plain, yellow: plain };
  return { bold: style(1, 22), dim: style(2, 22), cyan: style(36, 39), green: style(32, 39), yellow: style(33, 39) };
}
