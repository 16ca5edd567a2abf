import { constants } from "node:os";
import { stopNote } from "../cli/interrupt.js";
import { guardOutputStreams, processIo } from "../cli/io.js";
import { runCli } from "../cli/main.js";
import { inquirerPrompter } from "../cli/prompter.js";
import { ExitCode } from "../errors.js";
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
 * still alive are killed on "exit". Output to a reader that went away (`| head`) is dropped
 * instead of crashing with EPIPE.
 */
export async function runProcess(command: string | undefined, argv: readonly string[]): Promise<void> {
  guardOutputStreams();
  const controller = new AbortController();
  let stoppedBy: StopSignal | undefined;
  process.on("exit", killRunningChildren);
  for (const signal of stopSignals) {
    process.on(signal, () => {
      if (stoppedBy) process.exit(signalExitCode(stoppedBy));
      stoppedBy = signal;
      controller.abort();
      processIo.err(signal === "SIGINT" ? "\nlambdaform: cancelled" : `\nlambdaform: stopped by ${signal}`);
      // Give children a moment to stop; a second signal exits at once. Exiting here cuts the
      // command short, so what it would have said about a complete project is said now.
      setTimeout(() => {
        const note = stopNote();
        if (note) processIo.err(`lambdaform: ${note}`);
        process.exit(signalExitCode(signal));
      }, exitDeadlineMs).unref();
    });
  }
  const cwd = currentFolder();
  if (cwd === undefined) {
    process.exitCode = ExitCode.cannotWrite;
    return;
  }
  const prompter = processIo.isTTY ? await inquirerPrompter() : undefined;
  const code = await runCli(command, argv, { io: processIo, cwd, prompter, signal: controller.signal });
  process.exitCode = stoppedBy ? signalExitCode(stoppedBy) : code;
}

/** The working folder; it can have been deleted under a shell that still sits in it. */
function currentFolder(): string | undefined {
  try {
    return process.cwd();
  } catch (error) {
    processIo.err(`lambdaform: the current folder no longer exists (${(error as NodeJS.ErrnoException).code}); cd into a folder that does`);
    return undefined;
  }
}
