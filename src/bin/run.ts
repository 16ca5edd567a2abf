import { inquirerPrompter } from "../cli/prompter.js";
import { processIo } from "../cli/io.js";
import { runCli } from "../cli/main.js";
import { ExitCode } from "../errors.js";

/**
 * Process wiring shared by both bins. Ctrl-C aborts running child processes through the
 * signal; file writes are synchronous, so a project is never left half-written.
 */
export async function runProcess(command: string | undefined, argv: readonly string[]): Promise<void> {
  const controller = new AbortController();
  let interrupted = false;
  process.on("SIGINT", () => {
    if (interrupted) process.exit(ExitCode.cancelled);
    interrupted = true;
    controller.abort();
    process.stderr.write("\nlambdaform: cancelled\n");
    // Give children a moment to stop; the second Ctrl-C exits at once.
    setTimeout(() => process.exit(ExitCode.cancelled), 2000).unref();
  });
  const prompter = processIo.isTTY ? await inquirerPrompter() : undefined;
  const code = await runCli(command, argv, { io: processIo, cwd: process.cwd(), prompter, signal: controller.signal });
  process.exitCode = interrupted ? ExitCode.cancelled : code;
}
