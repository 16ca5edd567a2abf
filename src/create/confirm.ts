import type { CreateFlags } from "../cli/create-flags.js";
import { colourWanted, paint } from "../cli/colour.js";
import type { Io } from "../cli/io.js";
import type { Prompter } from "../cli/prompter.js";
import { CancelledError } from "../errors.js";
import type { ProjectSpec } from "../project/spec.js";
import { answerSummary } from "./summary.js";

/** The part of a create run the confirmation reads. */
export interface ConfirmContext {
  io: Io;
  cwd: string;
  prompter?: Prompter;
  flags: CreateFlags;
  spec?: ProjectSpec;
  target?: string;
  tree?: { size: number };
}

/**
 * On a terminal, shows the answers and what they create, then asks before anything is written
 * (default yes). `--yes` means "no questions", so it skips this too; without a terminal there
 * is nobody to ask. Declining is a cancel: exit 130, nothing written.
 */
export async function confirmCreate(ctx: ConfirmContext): Promise<void> {
  if (!ctx.io.isTTY || !ctx.prompter || ctx.flags.yes) return;
  const summary = answerSummary(
    ctx.spec!,
    { target: ctx.target!, cwd: ctx.cwd, files: ctx.tree!.size, install: ctx.flags.install, verify: ctx.flags.verify },
    paint(colourWanted(ctx.io.isTTY)),
  );
  // With --json, stdout is for the JSON alone.
  const say = (line: string) => (ctx.flags.json ? ctx.io.err(line) : ctx.io.out(line));
  say("");
  for (const line of summary) say(line);
  if (!(await ctx.prompter.confirm({ message: "Create it?", default: true }))) throw new CancelledError();
}
