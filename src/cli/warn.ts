import type { Io } from "./io.js";

/**
 * A warning: something taken as asked but probably not meant, or chosen for the user. One line
 * on stderr, prefixed like every other message; it never changes the exit code.
 */
export function warn(io: Io, message: string): void {
  io.err(`lambdaform: warning: ${message}`);
}
