/**
 * Benchmark: `create --yes` with a real npm install (warm cache) and the whole verify
 * pipeline, then repeated synth and typecheck runs on the result, with wall time and peak
 * memory; then `lambdaform add` without install or verify (a resource, a function, and the same
 * resource again: nothing to change), each run on a fresh copy of one project created with
 * --no-install --no-verify, through the built CLI, against `node -e 0`. Prints a Markdown table
 * (the README's figures come from here) and writes it to bench/results.md (or --out).
 *
 *   npm run bench -- [--runs 5] [--runtime nodejs24.x] [--trigger http-api ...] [--resource table ...]
 *                    [--plugin-dir <terraform providers>] [--only create|add] [--out file]
 *
 * --only add times the adds alone (seconds, not the ~30 s of create + verify) and writes
 * bench/results-add.md unless --out says otherwise; --only create skips the adds.
 *
 * The figures are only comparable when every verify step ran: a skipped step (the terraform
 * step, when Terraform finds no aws provider offline through its own settings or
 * --plugin-dir) is named with its reason in the output and never shown as passed. Each figure
 * is checked against the README's target; the exit code is 1 when a target is missed (or
 * cannot be checked) or a verify step failed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { packageRoot } from "../src/paths.js";
import type { StepResult, VerifyReport } from "../src/verify/types.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    runtime: { type: "string", default: "nodejs24.x" },
    trigger: { type: "string", multiple: true },
    resource: { type: "string", multiple: true },
    "plugin-dir": { type: "string" },
    only: { type: "string" },
    out: { type: "string" },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number, not ${values.runs}`);
const triggers = values.trigger ?? ["http-api"];
const resources = values.resource ?? [];
const only = values.only;
if (only !== undefined && only !== "create" && only !== "add") throw new Error(`--only takes create or add, not ${only}`);
const bin = path.join(packageRoot, "dist/src/bin/create-lambdaform.js");
const lambdaformBin = path.join(packageRoot, "dist/src/bin/lambdaform.js");
const choices = [...triggers.flatMap((t) => ["--trigger", t]), ...resources.flatMap((r) => ["--resource", r])];
const createArgs = ["svc", "--yes", "--runtime", values.runtime!, ...choices];

/** The README's targets (issue 8: add without verify within 5× of `node -e 0`). */
const targets = { createVerifySeconds: 30, synthSeconds: 1.5, synthPeakMb: 200, typecheckSeconds: 3, addRatio: 5 };

/** GNU time, for peak memory; BSD time (macOS) has no -f. */
const timeBin = (() => {
  const probe = spawnSync("/usr/bin/time", ["-f", "%M", "true"], { encoding: "utf8" });
  return probe.status === 0 && /^\d+$/.test(probe.stderr.trim()) ? "/usr/bin/time" : undefined;
})();

interface Sample {
  seconds: number;
  peakMb?: number;
}

/** Runs a command, returning wall seconds and (with GNU time) peak resident memory. */
function measure(command: string, args: string[], cwd: string): Sample {
  const started = process.hrtime.bigint();
  const result = timeBin
    ? spawnSync(timeBin, ["-f", "%M", command, ...args], { cwd, encoding: "utf8" })
    : spawnSync(command, args, { cwd, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  const kb = timeBin ? Number(result.stderr.trim().split("\n").pop()) : Number.NaN;
  return { seconds, peakMb: Number.isFinite(kb) ? kb / 1024 : undefined };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (s: number) => `${s.toFixed(2)} s`;
const peakOf = (samples: Sample[]) => (samples.every((s) => s.peakMb !== undefined) ? Math.max(...samples.map((s) => s.peakMb!)) : undefined);
const oneLine = (text: string) => text.replace(/\s+/g, " ").replaceAll("|", "\\|").trim();

/** A target's verdict: met, missed, or not checked (which counts as not met). */
interface Verdict {
  what: string;
  met: boolean;
  cell: string;
}
function verdict(what: string, goal: string, checks: (boolean | undefined)[], note = ""): Verdict {
  const met = checks.every((c) => c === true);
  const state = checks.some((c) => c === false) ? "missed" : met ? "met" : "not checked";
  return { what, met, cell: `${goal}: **${state}**${note}` };
}

const parent = mkdtempSync(path.join(os.tmpdir(), "lambdaform-bench-"));
try {
  process.exitCode = bench(parent);
} finally {
  rmSync(parent, { recursive: true, force: true });
}

function bench(parent: string): number {
  const verdicts: Verdict[] = [];
  const rows: string[][] = [];
  const report = only === "add" ? undefined : createVerify(parent, verdicts, rows);
  if (only !== "create") addTimings(parent, verdicts, rows);
  const steps = report?.steps ?? [];
  const failed = steps.filter((s) => s.status === "failed");
  const skipped = steps.filter((s) => s.status === "skipped");
  const versions = report?.versions ?? {};

  const npm = execFileSync("npm", ["--version"], { encoding: "utf8" }).trim();
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${npm} npm`;
  const tools = ["terraform", "aws-provider", "typescript"].filter((k) => versions[k]).map((k) => `${k} ${versions[k]}`);
  if (versions["aws-provider"]) tools.push(`providers via ${providerSource()}`);
  const missed = verdicts.filter((v) => !v.met);
  const lines = [
    `Project: \`create svc --yes --runtime ${values.runtime} ${choices.join(" ")}\`; ${machine}${tools.length ? `; ${tools.join(", ")}` : ""}; ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "| what | wall | peak memory | target |",
    "| --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
  ];
  if (only !== "create") {
    lines.push(
      "add: `node dist/src/bin/lambdaform.js add ... --yes --no-install` (so no verify) in a fresh copy of the project created with",
      "`--no-install --no-verify`; \"again\" runs the same add on its own result. The ratio is to the median of `node -e 0`.",
      "",
    );
  }
  if (skipped.length > 0) {
    lines.push("**Skipped, not passed** (their time is not in the figures above):", "");
    for (const step of skipped) lines.push(`- ${step.id}: ${oneLine(step.detail)}`);
    if (skipped.some((s) => s.id === "terraform" && !s.detail.startsWith("not run:"))) {
      lines.push(
        "",
        "The terraform step runs when Terraform finds the aws provider offline through its own settings",
        "(a CLI configuration with a `filesystem_mirror` or `plugin_cache_dir`, `TF_CLI_CONFIG_FILE`, `TF_PLUGIN_CACHE_DIR`)",
        "or `npm run bench -- --plugin-dir <dir>`.",
      );
    }
    lines.push("");
  }
  const terraform = steps.find((s) => s.id === "terraform" && s.status === "passed");
  // Which provider and runtime Terraform validated with (a fallback is named here).
  if (terraform) lines.push(`Terraform step: ${oneLine(terraform.detail)}`, "");
  for (const step of failed) {
    lines.push(`**Failed**: ${step.id}: ${oneLine(step.detail)}${step.command ? ` (\`${step.command}\`)` : ""}`, "");
  }
  const incomplete = skipped.length > 0 ? `, but ${skipped.map((s) => s.id).join(", ")} skipped: not comparable with a run of every step` : "";
  lines.push(missed.length === 0 ? `All targets met${incomplete}.` : `Targets not met: ${missed.map((v) => v.what).join(", ")}.`);
  const table = lines.join("\n");

  console.log(table);
  if (skipped.length > 0) {
    // Loud, on stderr too: a run with a skipped step must not be mistaken for a full one.
    console.error(`\nbench: SKIPPED verify steps (not passed): ${skipped.map((s) => `${s.id} (${oneLine(s.detail).slice(0, 200)})`).join("; ")}`);
  }
  if (failed.length > 0) console.error(`bench: verify FAILED at ${failed.map((s) => s.id).join(", ")}`);
  if (missed.length > 0) console.error(`bench: targets NOT MET: ${missed.map((v) => v.what).join(", ")}`);
  const out = path.resolve(packageRoot, values.out ?? (only ? `bench/results-${only}.md` : "bench/results.md"));
  writeFileSync(out, table + "\n");
  console.error(`bench: wrote ${path.relative(process.cwd(), out) || out}`);
  return failed.length > 0 || missed.length > 0 ? 1 : 0;
}

/** create + verify with a real install, then synth and typecheck again on the result; returns verify's report. */
function createVerify(parent: string, verdicts: Verdict[], rows: string[][]): VerifyReport {
  const args = [...createArgs, "--json", ...(values["plugin-dir"] ? ["--plugin-dir", path.resolve(values["plugin-dir"])] : [])];
  const started = process.hrtime.bigint();
  const created = spawnSync(process.execPath, [bin, ...args], { cwd: parent, encoding: "utf8", maxBuffer: 64 << 20 });
  const totalSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const report = verifyReport(created.stdout);
  if (!report) throw new Error(`create failed (exit ${created.status}) before verify reported:\n${created.stderr}`);
  const project = path.join(parent, "svc");
  const failed = report.steps.filter((s) => s.status === "failed");
  const skipped = report.steps.filter((s) => s.status === "skipped");

  const skippedNote = skipped.length > 0 ? ` (not comparable: ${skipped.map((s) => s.id).join(", ")} skipped)` : "";
  verdicts.push(
    verdict("create + verify", `< ${targets.createVerifySeconds} s`, [failed.length === 0 && totalSeconds < targets.createVerifySeconds], failed.length > 0 ? ` (${failed[0]!.id} failed)` : skippedNote),
  );
  rows.push(["create + verify (install from a warm npm cache)", fmt(totalSeconds), "", verdicts.at(-1)!.cell]);
  for (const step of report.steps) rows.push([`  ${step.id}: ${stepState(step)}`, fmt(step.durationMs / 1000), "", ""]);

  if (failed.length === 0) {
    const synth = Array.from({ length: runs }, () => measure(process.execPath, ["scripts/synth.mjs"], project));
    const typecheck = Array.from({ length: runs }, () => measure("node_modules/.bin/tsc", ["--noEmit"], project));
    const synthMedian = median(synth.map((s) => s.seconds));
    const synthPeak = peakOf(synth);
    const typecheckMedian = median(typecheck.map((s) => s.seconds));
    const typecheckPeak = peakOf(typecheck);
    verdicts.push(
      verdict(
        "synth",
        `< ${targets.synthSeconds} s and < ${targets.synthPeakMb} MB`,
        [synthMedian < targets.synthSeconds, synthPeak === undefined ? undefined : synthPeak < targets.synthPeakMb],
        synthPeak === undefined ? " (no GNU time for peak memory)" : "",
      ),
    );
    rows.push([`synth, median of ${runs}`, fmt(synthMedian), synthPeak === undefined ? "n/a" : `${Math.round(synthPeak)} MB`, verdicts.at(-1)!.cell]);
    verdicts.push(verdict("typecheck", `< ${targets.typecheckSeconds} s`, [typecheckMedian < targets.typecheckSeconds]));
    rows.push([`typecheck, median of ${runs}`, fmt(typecheckMedian), typecheckPeak === undefined ? "n/a" : `${Math.round(typecheckPeak)} MB`, verdicts.at(-1)!.cell]);
  } else {
    for (const what of ["synth", "typecheck"]) {
      verdicts.push({ what, met: false, cell: `**not measured**: verify failed at ${failed[0]!.id}` });
      rows.push([`${what}, median of ${runs}`, "", "", verdicts.at(-1)!.cell]);
    }
  }
  return report;
}

/** `lambdaform add` without install or verify, each run on a fresh copy of one new project, against `node -e 0`. */
function addTimings(parent: string, verdicts: Verdict[], rows: string[][]): void {
  const home = path.join(parent, "add");
  mkdirSync(home);
  measure(process.execPath, [bin, ...createArgs, "--no-install", "--no-verify"], home);
  const pristine = path.join(home, "svc");
  const fresh = (name: string) => {
    const dir = path.join(home, name);
    cpSync(pristine, dir, { recursive: true });
    return dir;
  };
  const queue = ["resource", "queue", "--function", "all"];
  const jobs = ["function", "jobs", "--trigger", "schedule"];
  const added = fresh("added");
  addRun(added, queue, true);

  const node = Array.from({ length: runs }, () => measure(process.execPath, ["-e", "0"], home));
  const baseline = median(node.map((s) => s.seconds));
  const nodePeak = peakOf(node);
  rows.push([`node -e 0, median of ${runs}`, fmt(baseline), nodePeak === undefined ? "n/a" : `${Math.round(nodePeak)} MB`, "baseline"]);
  const cases: [string, (run: number) => Sample][] = [
    ["add resource queue --function all", (run) => addRun(fresh(`queue-${run}`), queue, true)],
    ["add function jobs --trigger schedule", (run) => addRun(fresh(`jobs-${run}`), jobs, true)],
    ["add resource queue --function all again (nothing to change)", () => addRun(added, queue, false)],
  ];
  for (const [what, run] of cases) {
    const samples = Array.from({ length: runs }, (_, i) => run(i));
    const wall = median(samples.map((s) => s.seconds));
    const peak = peakOf(samples);
    const ratio = wall / baseline;
    verdicts.push(verdict(what, `≤ ${targets.addRatio}× node -e 0`, [ratio <= targets.addRatio]));
    rows.push([`${what}, median of ${runs}`, `${fmt(wall)} (${ratio.toFixed(1)}×)`, peak === undefined ? "n/a" : `${Math.round(peak)} MB`, verdicts.at(-1)!.cell]);
  }
}

/** One `lambdaform add ... --yes --no-install`, checked to have changed lambdaform.json (or, when `changes` is false, to have left it alone). */
function addRun(project: string, add: string[], changes: boolean): Sample {
  const manifest = path.join(project, "lambdaform.json");
  const before = readFileSync(manifest, "utf8");
  const sample = measure(process.execPath, [lambdaformBin, "add", ...add, "--yes", "--no-install"], project);
  if ((readFileSync(manifest, "utf8") !== before) !== changes) {
    throw new Error(`lambdaform add ${add.join(" ")} ${changes ? "changed nothing" : "changed the project when run again"}`);
  }
  return sample;
}

function stepState(step: StepResult): string {
  if (step.status === "passed") return "passed";
  if (step.status === "failed") return "**FAILED**";
  return "**SKIPPED** (see below)";
}

function verifyReport(stdout: string): VerifyReport | undefined {
  try {
    return (JSON.parse(stdout).verify as VerifyReport | null) ?? undefined;
  } catch {
    return undefined;
  }
}

/** How Terraform found the provider, by setting name only: no machine path goes into the results. */
function providerSource(): string {
  if (values["plugin-dir"]) return "--plugin-dir";
  const set = ["TF_CLI_CONFIG_FILE", "TF_PLUGIN_CACHE_DIR"].filter((name) => process.env[name]);
  return set.length > 0 ? set.join(", ") : "Terraform's CLI configuration";
}
