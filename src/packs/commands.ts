import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resourceIds } from "../catalog/resource.js";
import { runtimes } from "../catalog/runtimes.js";
import { triggerIds } from "../catalog/trigger.js";
import { parseFlags } from "../cli/args.js";
import type { Io } from "../cli/io.js";
import { create } from "../create/create.js";
import { LambdaformError, usageError } from "../errors.js";
import { assertTargetFree, commitNewProject } from "../fs/commit.js";
import type { VerifyReport } from "../verify/types.js";
import { starterPack } from "./init-pack.js";
import { packFormatVersion } from "./pack-format.js";
import { loadPackSet, type PackSet } from "./pack-set.js";
import { allowedIds } from "./policy.js";

export interface PackCommandDeps {
  io: Io;
  cwd: string;
  signal?: AbortSignal;
}

export const packHelp = `Usage:
  lambdaform pack init <dir>                   a working pack: one override, one question, one lock, one rule
  lambdaform pack check <pack>                 validate pack.json, every template for every runtime × trigger, the rules
  lambdaform pack test <pack> [--jobs <n>]     create and fully verify a project per runtime × trigger the pack allows

<pack> is a folder, an npm package name (@acme/lambdaform-pack, @acme/lambdaform-pack@2.1.0) or npm pack's .tgz.
pack test options:
  --jobs <n>          projects verified at once (default: the number of cores)
  --deps <dir>        a node_modules to link into every project instead of installing once for all
  --work-dir <dir>    where the projects are created (default: a temporary folder, removed when all pass)
  --plugin-dir <dir>  Terraform providers for the offline terraform checks
  --require-terraform a terraform check that cannot run fails the project`;

/** `lambdaform pack init|check|test`. */
export async function packCommand(argv: readonly string[], deps: PackCommandDeps): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "--help" || sub === "-h") {
    deps.io.out(packHelp);
    return 0;
  }
  if (!sub) throw usageError("pack what? lambdaform pack init|check|test (see lambdaform pack --help)");
  const { values, positionals } = parseFlags({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      jobs: { type: "string" },
      deps: { type: "string" },
      "work-dir": { type: "string" },
      "plugin-dir": { type: "string" },
      "require-terraform": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    deps.io.out(packHelp);
    return 0;
  }
  const [target, ...extra] = positionals;
  if (!["init", "check", "test"].includes(sub)) throw usageError(`unknown pack command ${JSON.stringify(sub)}: pack init, check or test`);
  if (!target) throw usageError(`lambdaform pack ${sub} needs a ${sub === "init" ? "folder" : "pack (a folder or an npm package)"}`);
  if (extra.length > 0) throw usageError(`lambdaform pack ${sub} takes one ${sub === "init" ? "folder" : "pack"}, got also ${extra.join(" ")}`);
  if (sub !== "test" && (values.jobs || values.deps || values["work-dir"] || values["plugin-dir"] || values["require-terraform"])) {
    throw usageError(`--jobs, --deps, --work-dir, --plugin-dir and --require-terraform go with pack test`);
  }
  if (sub === "init") return packInit(target, deps);
  if (sub === "check") return packCheck(target, deps);
  const jobs = values.jobs === undefined ? os.availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw usageError(`--jobs must be a whole number from 1 to 64, got ${JSON.stringify(values.jobs)}`);
  return packTest(target, deps, {
    jobs,
    deps: values.deps && path.resolve(deps.cwd, values.deps),
    workDir: values["work-dir"] && path.resolve(deps.cwd, values["work-dir"]),
    pluginDir: values["plugin-dir"],
    requireTerraform: values["require-terraform"] ?? false,
  });
}

function packInit(dir: string, deps: PackCommandDeps): number {
  const target = path.resolve(deps.cwd, dir);
  assertTargetFree(target);
  commitNewProject(starterPack(target), target);
  const rel = path.relative(deps.cwd, target) || ".";
  deps.io.err(`Created a template pack in ${rel}: pack.json, templates/base/common/README.md.hbs, rules.mjs, README.md.`);
  deps.io.err(`Next: lambdaform pack check ${rel} && lambdaform pack test ${rel}`);
  return 0;
}

/** One project of the matrix: a runtime, a trigger, and every resource the pack allows. */
interface Combination {
  runtime: string;
  trigger: string;
  resources: string[];
}

function matrix(set: PackSet): Combination[] {
  const resources = allowedIds(set.policy, "resources", resourceIds);
  const locked = set.policy.locked.get("runtime")?.value;
  const allowedRuntimes = allowedIds(set.policy, "runtimes", runtimes.map((r) => r.id)).filter((r) => locked === undefined || r === locked);
  return allowedRuntimes.flatMap((runtime) => allowedIds(set.policy, "triggers", triggerIds).map((trigger) => ({ runtime, trigger, resources })));
}

/** Answers for questions without a default, so every combination can be created with --yes. */
function sampleAnswers(set: PackSet): string[] {
  return set.policy.questions
    .filter((q) => q.default === undefined)
    .flatMap((q) => [`--${q.flag}`, String(q.type === "choice" ? q.choices![0] : q.type === "integer" ? (q.min ?? 1) : q.type === "boolean" ? true : "sample")]);
}

function createArgs(pack: string, c: Combination, set: PackSet): string[] {
  return ["--yes", "--template-pack", pack, "--runtime", c.runtime, "--trigger", c.trigger, ...c.resources.flatMap((r) => ["--resource", r]), ...sampleAnswers(set)];
}

const silentIo = (): Io & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, out: (t) => lines.push(t), err: (t) => lines.push(t), isTTY: false };
};

/**
 * Loads the pack as create would, resolved once from where the command runs; the projects are
 * made with the folder it resolved to, so an npm pack found here is the one every project uses.
 */
async function loadForCommand(spec: string, cwd: string): Promise<{ set: PackSet; pack: string }> {
  const set = await loadPackSet([spec], cwd);
  return { set, pack: set.packs[0]!.dir };
}

async function packCheck(spec: string, deps: PackCommandDeps): Promise<number> {
  const { set, pack } = await loadForCommand(spec, deps.cwd);
  const only = set.packs[0]!;
  const combos = matrix(set);
  // Every template the pack has, rendered for every runtime × trigger with its defaults and sample answers.
  for (const c of combos) {
    const io = silentIo();
    try {
      await create(["check", ...createArgs(pack, c, set), "--dry-run", "--json"], { io, cwd: os.tmpdir() });
    } catch (error) {
      if (error instanceof LambdaformError) throw new LambdaformError(error.exitCode, `${error.message} (rendering ${c.runtime} × ${c.trigger})`);
      throw error;
    }
  }
  const rules = only.rulesFile ? (await import("./pack.js").then((m) => m.loadPackRules(only))).length : 0;
  deps.io.out(
    `template pack ${only.name}${only.version ? ` ${only.version}` : ""} is sound: pack.json matches format ${packFormatVersion}, ` +
      `${only.templates ? "its templates" : "the built-in templates"} render for ${combos.length} runtime × trigger combination${combos.length === 1 ? "" : "s"}, ${rules} rule${rules === 1 ? " loads" : "s load"}`,
  );
  return 0;
}

interface TestOptions {
  jobs: number;
  deps?: string;
  workDir?: string;
  pluginDir?: string;
  requireTerraform: boolean;
}

interface Outcome {
  combo: Combination;
  name: string;
  ok: boolean;
  durationMs: number;
  detail: string;
}

/**
 * Creates a project per combination (--no-install), gives them one shared install of every
 * dependency they declare (or --deps), then verifies them, --jobs at a time. Exit 0 only when
 * every project verifies.
 */
async function packTest(spec: string, deps: PackCommandDeps, options: TestOptions): Promise<number> {
  const { set, pack } = await loadForCommand(spec, deps.cwd);
  const combos = matrix(set);
  if (combos.length === 0) throw new LambdaformError("templatePack", `template pack ${set.packs[0]!.name} allows no runtime × trigger to test`);
  const work = options.workDir ?? mkdtempSync(path.join(os.tmpdir(), "lambdaform-pack-test-"));
  mkdirSync(work, { recursive: true });
  const say = deps.io.err;
  say(`Testing template pack ${set.packs[0]!.name}: ${combos.length} project${combos.length === 1 ? "" : "s"} in ${work}, ${options.jobs} at a time`);
  const names = combos.map((c) => `${c.runtime.replace(/[^a-z0-9]+/g, "")}-${c.trigger}`);
  for (const [i, c] of combos.entries()) {
    const io = silentIo();
    const code = await create([names[i]!, ...createArgs(pack, c, set), "--no-install"], { io, cwd: work });
    if (code !== 0) throw new LambdaformError(code, `creating ${c.runtime} × ${c.trigger} failed: ${io.lines.at(-1) ?? ""}`);
  }
  const nodeModules = options.deps ?? (await installOnce(work, names, say));
  for (const name of names) {
    if (!existsSync(path.join(work, name, "node_modules"))) symlinkSync(nodeModules, path.join(work, name, "node_modules"), "dir");
  }
  const { verifyProject } = await import("../verify/run.js");
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < combos.length) {
      const i = next++;
      const combo = combos[i]!;
      const started = Date.now();
      const report: VerifyReport = await verifyProject({
        dir: path.join(work, names[i]!),
        install: false,
        io: silentIo(),
        json: true,
        pluginDir: options.pluginDir && path.resolve(deps.cwd, options.pluginDir),
        requireTerraform: options.requireTerraform,
        signal: deps.signal,
      });
      const failed = report.steps.find((s) => s.status === "failed");
      const skipped = report.steps.filter((s) => s.status === "skipped" && s.id !== "install").map((s) => s.id);
      const outcome: Outcome = {
        combo,
        name: names[i]!,
        ok: !failed,
        durationMs: Date.now() - started,
        detail: failed ? `${failed.id} failed: ${failed.detail}` : skipped.length ? `passed (${skipped.join(", ")} skipped)` : "passed",
      };
      outcomes[i] = outcome;
      say(`[${outcomes.filter(Boolean).length}/${combos.length}] ${combo.runtime} × ${combo.trigger}: ${outcome.ok ? "ok" : "FAILED"} in ${Math.round(outcome.durationMs / 1000)} s (${outcome.detail})`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, combos.length) }, worker));
  printTable(deps.io, outcomes);
  const failures = outcomes.filter((o) => !o.ok);
  if (failures.length === 0 && !options.workDir) rmSync(work, { recursive: true, force: true });
  else say(`Projects kept in ${work}${failures.length ? `: run \`lambdaform verify ${path.join(work, failures[0]!.name)}\` to see the first failure` : ""}`);
  say(failures.length === 0 ? `All ${outcomes.length} projects verify.` : `${failures.length} of ${outcomes.length} projects do not verify.`);
  return failures.length === 0 ? 0 : 1;
}

function printTable(io: Io, outcomes: readonly Outcome[]): void {
  const rows = [["runtime", "trigger", "result", "time", "detail"], ...outcomes.map((o) => [o.combo.runtime, o.combo.trigger, o.ok ? "ok" : "FAILED", `${Math.round(o.durationMs / 1000)} s`, o.detail])];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  for (const row of rows) io.out(row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]!))).join("  ").trimEnd());
}

/**
 * One `npm install` of every dependency any of the projects declares (they pin the same
 * versions), linked into each: a matrix of N projects costs one install, not N.
 */
async function installOnce(work: string, names: readonly string[], say: (line: string) => void): Promise<string> {
  const merged = { dependencies: {} as Record<string, string>, devDependencies: {} as Record<string, string> };
  for (const name of names) {
    const pkg = JSON.parse(readFileSync(path.join(work, name, "package.json"), "utf8"));
    Object.assign(merged.dependencies, pkg.dependencies);
    Object.assign(merged.devDependencies, pkg.devDependencies);
  }
  const home = path.join(work, ".deps");
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(home, "package.json"), JSON.stringify({ name: "pack-test-deps", private: true, ...merged }, null, 2));
  say("Installing the projects' dependencies once (npm install)...");
  const { execa } = await import("execa");
  const npm = await execa("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: home, reject: false });
  if (npm.exitCode !== 0) throw new LambdaformError("internal", `npm install of the projects' dependencies failed: ${String(npm.stderr).split("\n")[0]}`);
  return path.join(home, "node_modules");
}
