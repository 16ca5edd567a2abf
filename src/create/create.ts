import path from "node:path";
import { engineOf, requireNodeFor } from "../catalog/engines.js";
import { parseCreateFlags, type CreateFlags } from "../cli/create-flags.js";
import type { Io } from "../cli/io.js";
import type { Prompter } from "../cli/prompter.js";
import { CancelledError, LambdaformError, usageError } from "../errors.js";
import { assertTargetFree, commitNewProject } from "../fs/commit.js";
import type { TemplatePack } from "../packs/pack.js";
import { answerPackQuestions, loadCreatePacks, takePackFlags, type PackFlags } from "../packs/create-packs.js";
import { packRecord, type PackSet } from "../packs/pack-set.js";
import { answerLimits } from "../packs/policy.js";
import { awsFunctionName } from "../project/naming.js";
import type { ProjectSpec } from "../project/spec.js";
import { renderProject } from "../render/render-project.js";
import type { TemplateLayers } from "../render/template-layers.js";
import type { Tree } from "../render/tree.js";
import { projectCompleteNote, setStopNote } from "../cli/interrupt.js";
import { lambdaformCommand } from "../cli/self.js";
import { commandLine } from "../verify/exec.js";
import { reportExitCode } from "../verify/exit-codes.js";
import { requireTerraform, resolvePluginDir } from "../verify/terraform/settings.js";
import type { VerifyReport } from "../verify/types.js";
import { recordCreator } from "./creator-record.js";
import { createHelp } from "./help.js";
import { resolveSpec, type Defaults } from "./resolve-spec.js";
import { warn } from "../cli/warn.js";
import { confirmCreate } from "./confirm.js";
import { localToolchain, toolchainWarning } from "./toolchain.js";

export interface CreateDeps {
  io: Io;
  cwd: string;
  /** Undefined when there is no terminal to ask on. */
  prompter?: Prompter;
  signal?: AbortSignal;
}

/** The state one `create` run builds up, step by step. */
interface CreateContext extends CreateDeps {
  flags: CreateFlags;
  packFlags: PackFlags;
  packSet?: PackSet;
  /** --plugin-dir, absolute and checked to be a folder. */
  pluginDir?: string;
  requireTerraform?: boolean;
  packs?: TemplatePack[];
  layers?: TemplateLayers;
  defaults?: Defaults;
  spec?: ProjectSpec;
  target?: string;
  tree?: Tree;
  report?: VerifyReport;
}

export async function create(argv: readonly string[], deps: CreateDeps): Promise<number> {
  const { argv: createArgs, flags: packFlags } = takePackFlags(argv);
  const ctx: CreateContext = { ...deps, flags: parseCreateFlags(createArgs), packFlags };
  if (ctx.flags.help) {
    ctx.io.out(createHelp());
    return 0;
  }
  checkRunFlags(ctx);
  // Absolute from here on: the project's name comes from the folder's (`create .` names it after
  // the command's folder, which need not be the process's).
  if (ctx.flags.dir) ctx.flags.dir = path.resolve(ctx.cwd, ctx.flags.dir);
  // Refuse a taken folder before asking anything, so nobody answers ten questions in vain.
  if (ctx.flags.dir) assertTargetFree(ctx.flags.dir);
  await loadPacks(ctx);
  await answer(ctx);
  // Its checks would run the stack on this Node: say so before writing anything.
  if (ctx.flags.install && ctx.flags.verify && !ctx.flags.dryRun) {
    requireNodeFor(engineOf(ctx.spec!), "the project", process.version, ", or create it with --no-verify");
  }
  await render(ctx);
  if (ctx.flags.dryRun) return printPlan(ctx);
  await confirmCreate(ctx);
  // A Ctrl-C while rendering must not be followed by a write.
  if (ctx.signal?.aborted) throw new CancelledError();
  commitNewProject(ctx.tree!, ctx.target!);
  recordCreator(ctx.target!);
  // From here on the project is whole: a Ctrl-C stops only the checks, and the user is told so.
  setStopNote(projectCompleteNote(relativeTarget(ctx)));
  await verify(ctx);
  printSummary(ctx);
  return ctx.report ? reportExitCode(ctx.report) : 0;
}

/** Run flags that could only fail later, or claim a check that never ran, are refused before any question. */
function checkRunFlags(ctx: CreateContext): void {
  const skipping = !ctx.flags.install ? "--no-install" : !ctx.flags.verify ? "--no-verify" : undefined;
  if (ctx.flags.requireTerraform && skipping) throw usageError(`--require-terraform needs the checks; it conflicts with ${skipping}`);
  ctx.pluginDir = resolvePluginDir(ctx.cwd, ctx.flags.pluginDir);
  ctx.requireTerraform = requireTerraform(ctx.flags.requireTerraform);
}

/** The target as the user would type it from where they are: "." for the current folder. */
function relativeTarget(ctx: CreateContext): string {
  return path.relative(ctx.cwd, ctx.target!) || ".";
}

async function loadPacks(ctx: CreateContext): Promise<void> {
  const set = await loadCreatePacks(ctx.flags, ctx.packFlags, ctx.cwd);
  ctx.packSet = set;
  ctx.packs = set.packs;
  ctx.layers = set.layers;
  ctx.defaults = set.defaults;
}

async function answer(ctx: CreateContext): Promise<void> {
  const prompter = ctx.io.isTTY ? ctx.prompter : undefined;
  const warnUser = (message: string) => warn(ctx.io, message);
  const limits = answerLimits(ctx.packSet!.policy);
  const { spec, dir } = await resolveSpec(ctx.flags, prompter, ctx.defaults, (folder) => targetProblem(ctx, folder), warnUser, limits);
  ctx.spec = await answerPackQuestions(spec, ctx.packSet!, ctx.flags, prompter, warnUser);
  ctx.target = path.resolve(ctx.cwd, dir);
  assertTargetFree(ctx.target);
}

function targetProblem(ctx: CreateContext, folder: string): string | undefined {
  try {
    assertTargetFree(path.resolve(ctx.cwd, folder));
    return undefined;
  } catch (error) {
    if (error instanceof LambdaformError) return error.message;
    throw error;
  }
}

async function render(ctx: CreateContext): Promise<void> {
  // Recorded relative to the project, so verify finds the packs' rules wherever the two folders move together.
  const templatePacks = ctx.packs!.map((pack) => packRecord(pack, ctx.target!));
  ctx.tree = await renderProject(ctx.spec!, ctx.layers!, { templatePacks, waivers: [] });
}

function printPlan(ctx: CreateContext): number {
  const files = fileList(ctx.tree!);
  if (ctx.flags.json) {
    ctx.io.out(JSON.stringify({ dryRun: true, target: ctx.target, spec: ctx.spec, files }, null, 2));
  } else {
    ctx.io.out(`Would create ${ctx.target} with ${files.length} files (dry run: nothing written):`);
    for (const { file, bytes } of files) ctx.io.out(`  ${file}  (${bytes} B)`);
  }
  return 0;
}

async function verify(ctx: CreateContext): Promise<void> {
  // Every check needs the dependencies, so without an install there is nothing to verify yet.
  if (!ctx.flags.install) return;
  // Loaded on demand: a dry run or a --no-install run never pays for the pipeline's modules.
  const { verifyProject } = await import("../verify/run.js");
  const toolchain = ctx.flags.verify ? toolchainWarning(ctx.spec!.runtime, localToolchain(ctx.spec!.runtime)) : undefined;
  if (toolchain) warn(ctx.io, toolchain);
  try {
    ctx.report = await verifyProject({
      dir: ctx.target!,
      install: true,
      onlyInstall: !ctx.flags.verify,
      pluginDir: ctx.pluginDir,
      requireTerraform: ctx.requireTerraform,
      io: ctx.io,
      json: ctx.flags.json,
      signal: ctx.signal,
    });
  } catch (error) {
    // Not "nothing was written": the files are all there, only the checks were stopped.
    if (error instanceof CancelledError) throw new CancelledError(`cancelled during verify; ${projectCompleteNote(relativeTarget(ctx))}`);
    throw error;
  }
}

function printSummary(ctx: CreateContext): void {
  const spec = ctx.spec!;
  const rel = relativeTarget(ctx);
  if (ctx.flags.json) {
    ctx.io.out(
      JSON.stringify(
        {
          target: ctx.target,
          name: spec.name,
          runtime: spec.runtime,
          functions: spec.functions.map((f) => ({ name: f.name, trigger: f.trigger, awsName: awsFunctionName(spec.name, f.name) })),
          resources: spec.resources,
          files: fileList(ctx.tree!),
          verify: ctx.report ?? null,
        },
        null,
        2,
      ),
    );
    return;
  }
  const say = ctx.io.err;
  const failed = ctx.report?.steps.find((step) => step.status === "failed");
  say("");
  say(`Created ${spec.name} in ${rel === "." ? "the current folder" : rel}: ${spec.functions.length} function(s), ${ctx.tree!.size} files.`);
  if (failed) {
    say(`It does not verify yet: ${failed.id} failed (above). Fix it, then run \`${lambdaformCommand(["verify", rel])}\`.`);
    return;
  }
  for (const fn of spec.functions.filter((f) => f.trigger === "function-url" && f.options.auth === "NONE")) {
    say(`Note: ${fn.name} has a public URL (--url-auth NONE): anyone can call it; its README section says what that means.`);
  }
  say("Next:");
  // Already there after `create .`; a `cd .` would only puzzle.
  if (rel !== ".") say(`  ${commandLine("cd", [rel])}`);
  if (!ctx.flags.install) say("  npm install");
  // scripts/verify.mjs finds this lambdaform (PATH, or the one recorded at create), offline.
  if (!ctx.flags.install || !ctx.flags.verify) say(`  npm run verify    # the checks ${ctx.flags.install ? "--no-verify" : "--no-install"} skipped`);
  say("  npm test          # handler and stack tests");
  say("  npm run synth     # package functions and write cdktf.out/");
  say("  npm run deploy    # terraform apply (needs AWS credentials)");
}

/** The files a run writes (or would write), as both --json outputs list them. */
function fileList(tree: Tree): { file: string; bytes: number }[] {
  return tree.entries().map(([file, content]) => ({ file, bytes: Buffer.byteLength(content) }));
}
