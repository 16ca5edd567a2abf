import { ExitCode, LambdaformError } from "../errors.js";

/**
 * A failure as the one line a user sees and its exit code. Our own errors say what to do. Anything
 * else is a bug or a file system surprise we did not foresee: still one line (a stack trace reads
 * as a crash and buries the message), with the stack one variable away for whoever reports it.
 */
export function describeFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): { message: string; exitCode: number; stack?: string } {
  if (error instanceof LambdaformError) return { message: error.message, exitCode: error.exitCode };
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split("\n").find((line) => line.trim()) ?? text;
  const debug = env.LAMBDAFORM_DEBUG === "1";
  return {
    message: `internal error: ${firstLine}${debug ? "" : " (a bug: please report it; LAMBDAFORM_DEBUG=1 shows where it happened)"}`,
    exitCode: ExitCode.internal,
    stack: debug && error instanceof Error ? error.stack : undefined,
  };
}
