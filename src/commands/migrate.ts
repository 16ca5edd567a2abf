import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { engineIds, engineOf, engines, requireNodeFor, type EngineId } from "../catalog/engines.js";
import { quoted } from "../catalog/option.js";
import { parseFlags } from "../cli/args.js";
import { invalidValue, usageError } from "../errors.js";
import { checkAgainstPacks } from "../packs/policy.js";
import { loadProject } from "../project/load.js";
import { diffSyntheses, formatDifferences, unexplained, type SynthDifference } from "../project/synth-diff.js";
import { exec } from "../verify/exec.js";
import { stepExitCode } from "../verify/exit-codes.js";
import { stackFiles } from "../verify/steps/synth.js";
import type { GrowDeps } from "./add.js";
import { runFlagOptions, runFlags } from "./grow-flags.js";
import { updateProject, type RunFlags } from "./update-project.js";

export const migrateHelp = `Usage: lambdaform migrate --engine <${engineIds.join("|")}> [dir] [--dry-run] [--json] [--no-install] [--no-verify]

Moves a project to another CDK engine (cdktn: CDK Terrain, the maintained fork of CDK for
Terraform) in one step: package.json's dependencies and Node engines, the stack's imports, the
manifest. It renders the project for the new engine and merges it with your edits as \`add\`
does: where your edits and the change touch the same lines, nothing is written (exit 10).
Then it installs, verifies, synthesizes again and prints what changed in the Terraform: only
the differences the engines document (the provider's version and source, a public URL's grant)
may appear, else it exits 16. The new engine must run on this Node (cdktn: 22.11+; else exit 21).`;

interface MigrateFlags extends RunFlags {
  engine: EngineId;
  dir: string;
  help: boolean;
}

function parseMigrateFlags(argv: readonly string[], cwd: string): MigrateFlags {
  const { values: v, positionals } = parseFlags({ args: [...argv], options: { ...runFlagOptions, engine: { type: "string" } }, allowPositionals: true, strict: true });
  const help = Boolean(v.help);
  if (positionals.length > 1) throw usageError(`unexpected ${positionals.slice(1).join(" ")}`);
  if (positionals.length === 1 && v.dir) throw usageError("give the project folder once: as [dir] or as --dir");
  if (!help && v.engine === undefined) throw usageError(`lambdaform migrate needs --engine <${engineIds.join("|")}>`);
  if (v.engine !== undefined && !engineIds.includes(v.engine as EngineId)) {
    throw invalidValue(`--engine must be one of ${engineIds.join(", ")}, got ${quoted(v.engine)}`);
  }
  return {
    engine: v.engine as EngineId,
    dir: path.resolve(cwd, positionals[0] ?? v.dir ?? "."),
    help,
    ...runFlags(v),
  };
}

/** `lambdaform migrate --engine <id> [dir]`: `add`'s render-plan-write path with a new engine in the spec. */
export async function migrateCommand(argv: readonly string[], deps: GrowDeps): Promise<number> {
  const flags = parseMigrateFlags(argv, deps.cwd);
  if (flags.help) {
    deps.io.out(migrateHelp);
    return 0;
  }
  const project = await loadProject(flags.dir);
  const spec = project.manifest.spec;
  const from = engineOf(spec);
  const to = engines[flags.engine];
  const change = { spec: { ...structuredClone(spec), engine: to.id }, what: `from ${from.id} to ${to.id}` };
  checkAgainstPacks(change.spec, project.policy);
  if (from.id === to.id) {
    if (!flags.json) deps.io.err(`migrate: ${path.relative(deps.cwd, flags.dir) || "."} uses ${to.id} already; nothing to change.`);
    else deps.io.out(JSON.stringify({ command: "migrate", change: change.what, changed: false }, null, 2));
    return 0;
  }
  // Comparing the Terraform means running the new engine here.
  if (!flags.dryRun) requireNodeFor(to, `--engine ${to.id}`, process.version, "; --dry-run shows the change on any Node");

  let before: Synthesis | undefined;
  return updateProject(project, change, "migrate", flags, deps, {
    beforeWrite: async () => {
      before = await synthesizeCopy(project.dir, deps.signal);
    },
    afterWrite: async (verified) => {
      // verify synthesized the project as it now is; otherwise synthesize it here.
      const after = verified ? readSyntheses(project.dir) : await synthesizeIn(project.dir, deps.signal);
      return compare(before, after, `${from.id} → ${to.id}`, flags, deps);
    },
  });
}

/** Each stack's cdk.tf.json by stack name, or why there is none. */
type Synthesis = { stacks: Record<string, unknown> } | { missing: string };

function readSyntheses(dir: string): Synthesis {
  const files = stackFiles(dir);
  if (files.length === 0) return { missing: `${dir} has no cdktf.out/stacks/*/cdk.tf.json` };
  return { stacks: Object.fromEntries(files.map((file) => [path.basename(path.dirname(file)), JSON.parse(readFileSync(file, "utf8"))])) };
}

/** Packages and synthesizes `dir` with its own scripts on this Node. */
async function synthesizeIn(dir: string, signal?: AbortSignal): Promise<Synthesis> {
  if (!existsSync(path.join(dir, "node_modules"))) return { missing: "node_modules is missing (run npm install, then lambdaform synth)" };
  for (const script of ["scripts/package.mjs", "scripts/synth.mjs"]) {
    const result = await exec(process.execPath, [script], { cwd: dir, signal: signal ?? new AbortController().signal, display: `node ${script}` });
    if (!result.ok) return { missing: `node ${script} failed: ${result.output.trim().split("\n").at(-1) ?? result.spawnError}` };
  }
  return readSyntheses(dir);
}

/**
 * The project's Terraform before the change, synthesized in a scratch copy (node_modules linked),
 * so a refused or failed migrate leaves even its build output as it was.
 */
async function synthesizeCopy(dir: string, signal?: AbortSignal): Promise<Synthesis> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "lambdaform-migrate-"));
  try {
    const skip = new Set(["node_modules", "cdktf.out", ".git"].map((name) => path.join(dir, name)));
    cpSync(dir, scratch, { recursive: true, verbatimSymlinks: true, filter: (source) => !skip.has(source) });
    if (existsSync(path.join(dir, "node_modules"))) symlinkSync(path.join(dir, "node_modules"), path.join(scratch, "node_modules"), "dir");
    return await synthesizeIn(scratch, signal);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Prints the differences of the two syntheses; any the engines do not explain fails like the check step (exit 16). */
function compare(before: Synthesis | undefined, after: Synthesis, label: string, flags: MigrateFlags, deps: GrowDeps) {
  const say = (line: string) => (flags.json ? undefined : deps.io.err(line));
  if (!before || "missing" in before || "missing" in after) {
    const why = !before ? "the project was not synthesized before" : "missing" in before ? `before: ${before.missing}` : `after: ${(after as { missing: string }).missing}`;
    say(`Terraform not compared (${why}): run \`lambdaform synth\` and review cdktf.out/ before deploying.`);
    return { exitCode: 0, json: { synthDiff: null, synthDiffSkipped: why } };
  }
  const differences: SynthDifference[] = [];
  for (const stack of [...new Set([...Object.keys(before.stacks), ...Object.keys(after.stacks)])].sort()) {
    differences.push(...diffSyntheses(before.stacks[stack], after.stacks[stack]).map((d) => ({ ...d, path: `${stack}: ${d.path}` })));
  }
  const wrong = unexplained(differences);
  say(`Synthesized Terraform, ${label}: ${differences.length} differences${wrong.length === 0 ? ", all of them the engines' documented ones" : ""}:`);
  for (const line of formatDifferences(differences)) say(`  ${line}`);
  const json = { synthDiff: differences };
  if (wrong.length === 0) return { exitCode: 0, json };
  const message = `the new engine changed ${wrong.length} value(s) of the Terraform beyond the engines' documented differences (${wrong[0]!.path}); the change is written: review it, or undo it with your version control`;
  if (flags.json) return { exitCode: stepExitCode("check"), json: { ...json, error: message } };
  deps.io.err(`lambdaform: ${message}`);
  return { exitCode: stepExitCode("check") };
}
