import path from "node:path";
import { createTwoFilesPatch } from "diff";
import type { Io } from "../cli/io.js";
import { CancelledError, LambdaformError } from "../errors.js";
import { applyChanges } from "../fs/apply-changes.js";
import { manifestFile } from "../manifest/manifest.js";
import { planFiles, type FileChange, type FilePlan } from "../plan/file-plan.js";
import type { LoadedProject } from "../project/load.js";
import type { ProjectSpec } from "../project/spec.js";
import { renderProject } from "../render/render-project.js";
import { reportExitCode } from "../verify/exit-codes.js";
import type { VerifyReport } from "../verify/types.js";
import type { SpecChange } from "./spec-changes.js";

export interface RunFlags {
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  install: boolean;
  verify: boolean;
  pluginDir?: string;
}

/**
 * What a command adds around the write (`migrate` synthesizes before and after, and compares):
 * `beforeWrite` runs once the plan is known to be written, `afterWrite` once it is (installed
 * and verified when asked, and verify passed); its exit code and JSON join the command's.
 */
export interface UpdateHooks {
  beforeWrite?: () => Promise<void>;
  afterWrite?: (verified: boolean) => Promise<{ exitCode: number; json?: Record<string, unknown> }>;
}

export interface UpdateDeps {
  io: Io;
  cwd: string;
  signal?: AbortSignal;
}

/**
 * The second half of every command that changes an existing project (`add`, `remove`): render
 * the recorded spec (what was generated) and the new one through the same render path as
 * `create`, plan each file against the disk, then write all of it or nothing, install when the
 * dependencies changed, and verify.
 */
export async function updateProject(
  project: LoadedProject,
  change: SpecChange,
  verb: string,
  flags: RunFlags,
  deps: UpdateDeps,
  hooks: UpdateHooks = {},
): Promise<number> {
  const { manifest } = project;
  const extra = { templatePacks: manifest.templatePacks, waivers: manifest.waivers, stages: manifest.stages };
  const base = await renderProject(manifest.spec, project.layers, extra);
  const ours = await renderProject(change.spec, project.layers, extra);
  const plan = planFiles({ dir: project.dir, recorded: manifest.files, base, ours });
  const rel = path.relative(deps.cwd, project.dir) || ".";

  if (plan.conflicts.length > 0) {
    report(plan, { verb, what: change.what, rel, flags, deps, conflict: true });
    const first = plan.conflicts[0]!;
    const where = first.ranges.map((r) => (r.start === r.end ? `line ${r.start}` : `lines ${r.start}-${r.end}`)).join(", ");
    throw new LambdaformError(
      "conflict",
      `${verb} ${change.what}: ${first.file}${where ? ` ${where}` : ""} ${first.reason}` +
        (plan.conflicts.length > 1 ? ` (and ${plan.conflicts.length - 1} more, listed above)` : "") +
        "; nothing was written",
    );
  }
  if (plan.changes.length === 0) {
    report(plan, { verb, what: change.what, rel, flags, deps });
    return 0;
  }
  report(plan, { verb, what: change.what, rel, flags, deps });
  if (flags.dryRun) return 0;
  if (deps.signal?.aborted) throw new CancelledError("cancelled; the project is unchanged");
  await hooks.beforeWrite?.();
  await applyChanges(project.dir, plan.changes, deps.signal);

  const verifyReport = await verifyAfter(project.dir, plan.changes, flags, deps);
  const verifyPassed = verifyReport !== undefined && reportExitCode(verifyReport) === 0;
  const after = hooks.afterWrite && (!verifyReport || verifyPassed) ? await hooks.afterWrite(verifyPassed && flags.verify) : undefined;
  if (flags.json) {
    deps.io.out(JSON.stringify({ ...planJson(plan, { verb, what: change.what, flags }), verify: verifyReport ?? null, ...after?.json }, null, 2));
  }
  if (!verifyReport) return after?.exitCode ?? 0;
  const failed = verifyReport.steps.find((s) => s.status === "failed");
  if (failed && !flags.json) {
    deps.io.err(
      `The change is written, but the project does not verify: ${failed.id} failed (above). Fix it and run \`lambdaform verify ${rel}\`, ` +
        `or undo it with \`lambdaform remove\` or your version control (\`git checkout -- . && git clean -fd\`).`,
    );
  }
  return reportExitCode(verifyReport) || (after?.exitCode ?? 0);
}

/** Install only when package.json changed (dependencies or scripts); verify unless told not to. */
async function verifyAfter(dir: string, changes: readonly FileChange[], flags: RunFlags, deps: UpdateDeps): Promise<VerifyReport | undefined> {
  if (!flags.install) return undefined;
  const install = changes.some((c) => c.file === "package.json" || c.file === "requirements.txt");
  if (!install && !flags.verify) return undefined;
  const { verifyProject } = await import("../verify/run.js");
  return verifyProject({
    dir,
    install,
    onlyInstall: !flags.verify,
    pluginDir: flags.pluginDir && path.resolve(deps.cwd, flags.pluginDir),
    io: deps.io,
    json: flags.json,
    signal: deps.signal,
  });
}

interface ReportContext {
  verb: string;
  what: string;
  rel: string;
  flags: RunFlags;
  deps: UpdateDeps;
  conflict?: boolean;
}

const symbols = { create: "+", update: "~", delete: "-" } as const;

/** What the plan does, for people (stderr, with diffs on --dry-run) or, with --json, as data on stdout. */
function report(plan: FilePlan, ctx: ReportContext): void {
  const { io } = ctx.deps;
  // A real run with --json prints once, after verify, with the report in it.
  if (ctx.flags.json) {
    if (ctx.flags.dryRun || ctx.conflict || plan.changes.length === 0) io.out(JSON.stringify(planJson(plan, ctx), null, 2));
    return;
  }
  if (ctx.conflict) {
    io.err(`${ctx.verb} ${ctx.what} stops: your edits and the change overlap (nothing was written):`);
    for (const c of plan.conflicts) {
      const where = c.ranges.map((r) => (r.start === r.end ? `line ${r.start}` : `lines ${r.start}-${r.end}`)).join(", ");
      io.err(`  ! ${c.file}${where ? ` (${where})` : ""}: ${c.reason}`);
    }
    return;
  }
  if (plan.changes.length === 0) {
    io.err(`${ctx.verb} ${ctx.what}: nothing to change in ${ctx.rel}; it is there already.`);
    for (const k of plan.kept) io.err(`  = ${k.file}: ${k.reason}`);
    return;
  }
  const counts = (["create", "update", "delete"] as const).map((a) => plan.changes.filter((c) => c.action === a).length);
  io.err(
    `${ctx.flags.dryRun ? "Would " + ctx.verb : ctx.verb[0]!.toUpperCase() + ctx.verb.slice(1)} ${ctx.what} in ${ctx.rel}: ` +
      `${counts[0]} files created, ${counts[1]} changed, ${counts[2]} deleted${ctx.flags.dryRun ? " (dry run: nothing written)" : ""}`,
  );
  for (const c of plan.changes) io.err(`  ${symbols[c.action]} ${c.file}${c.action === "update" && c.merged ? " (merged with your edits)" : ""}`);
  for (const k of plan.kept) io.err(`  = ${k.file}: ${k.reason}`);
  if (ctx.flags.dryRun) for (const c of plan.changes) if (c.file !== manifestFile) io.out(diffOf(c));
}

function diffOf(change: FileChange): string {
  const before = change.action === "create" ? "" : change.before;
  const after = change.action === "delete" ? "" : change.content;
  const from = change.action === "create" ? "/dev/null" : `a/${change.file}`;
  const to = change.action === "delete" ? "/dev/null" : `b/${change.file}`;
  return createTwoFilesPatch(from, to, before, after, "", "", { context: 3 }).replace(/^=+\n/, "").trimEnd();
}

function planJson(plan: FilePlan, ctx: { verb: string; what: string; flags: RunFlags }) {
  return {
    command: ctx.verb,
    change: ctx.what,
    dryRun: ctx.flags.dryRun,
    changed: plan.changes.length > 0,
    files: plan.changes.map((c) => ({
      file: c.file,
      action: c.action,
      ...(c.action === "update" ? { merged: c.merged } : {}),
      ...(ctx.flags.dryRun && c.file !== manifestFile ? { diff: diffOf(c) } : {}),
    })),
    kept: plan.kept,
    conflicts: plan.conflicts,
  };
}

export type { ProjectSpec };
