import { constants } from "node:os";
import { inquirerPrompter } from "../cli/prompter.js";
import { processIo } from "../cli/io.js";
import { runCli } from "../cli/main.js";
import { killRunningChildren } from "../verify/exec.js";

/** Signals that stop lambdaform: Ctrl-C, `kill`/a supervisor, a closed terminal. */
const stopSignals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
type StopSignal = (typeof stopSignals)[number];

/** How long children get to stop after a signal before lambdaform exits anyway. */
const exitDeadlineMs = 2000;

/** The shell's convention: 128 + the signal's number (130 for INT, 143 for TERM, 129 for HUP). */
export const signalExitCode = (signal: StopSignal): number => 128 + constants.signals[signal];

/**
 * Process wiring shared by both bins. SIGINT, SIGTERM and SIGHUP abort running child
 * processes (each in its own process group) through the signal, and lambdaform exits with
 * 128 + the signal's number; file writes are synchronous, so a project is never left
 * half-written. A second signal exits at once. Whatever way the process ends, child groups
 * still alive are killed on "exit".
 */
export async function runProcess(command: string | undefined, argv: readonly string[]): Promise<void> {
  const controller = new AbortController();
  let stoppedBy: StopSignal | undefined;
  process.on("exit", killRunningChildren);
  for (const signal of stopSignals) {
    process.on(signal, () => {
      if (stoppedBy) process.exit(signalExitCode(stoppedBy));
      stoppedBy = signal;
      controller.abort();
      // After a hangup stderr may be gone; a failed write must not crash the shutdown.
      process.stderr.on("error", () => {});
      process.stderr.write(signal === "SIGINT" ? "\nlambdaform: cancelled\n" : `\nlambdaform: stopped by ${signal}\n`);
      // Give children a moment to stop; a second signal exits at once.
      setTimeout(() => process.exit(signalExitCode(signal)), exitDeadlineMs).unref();
    });
  }
  const prompter = processIo.isTTY ? await inquirerPrompter() : undefined;
  const code = await runCli(command, argv, { io: processIo, cwd: process.cwd(), prompter, signal: controller.signal });
  process.exitCode = stoppedBy ? signalExitCode(stoppedBy) : code;
}
