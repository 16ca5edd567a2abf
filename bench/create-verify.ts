/**
 * Benchmark (issue 12's targets, each a figure, its ratio and its target, measured in one run):
 *
 * - render: `create --no-install --no-verify` of the default project, against `node -e 0`;
 * - a bare `npm install` of the default project's package.json (warm npm cache), then
 *   `create --yes` with its install and the whole verify pipeline with an empty user cache (an
 *   XDG_CACHE_HOME of its own), as a ratio to that install: --install-runs pairs (3), the
 *   median of their ratios; then once more in a new folder, its node_modules linked from the
 *   install store the last first create filled;
 * - `lambdaform verify` of that project again, nothing changed (the step cache and the install
 *   skip), against the first verify; the install step's time in it;
 * - synth and typecheck again on the result (wall time; peak memory from GNU time);
 * - create + verify of the project with every trigger and resource (twice, as above), then verify again after
 *   editing one of its handlers (only that handler's tests may rerun; terraform stays cached);
 * - `lambdaform add` without install or verify (a resource, a function, the same resource
 *   again), each on a fresh copy of one --no-install --no-verify project, against `node -e 0`;
 * - with --suite (or --only suite), lambdaform's own `npm test`, once: it takes minutes.
 *
 *   npm run bench -- [--runs 5] [--install-runs 3] [--runtime nodejs24.x] [--trigger http-api ...] [--resource table ...]
 *                    [--plugin-dir <terraform providers>] [--only create|add|suite] [--suite] [--out file]
 *
 * --only add times the adds alone and writes bench/results-add.md unless --out says otherwise
 * (--only suite: bench/results-suite.md); --only create skips them. The machine's load average
 * is printed with the figures: on a busy machine they are slower than the code.
 *
 * The figures are only comparable when every verify step ran: a skipped step (the terraform
 * step, when Terraform finds no aws provider offline through its own settings or
 * --plugin-dir) is named with its reason in the output and never shown as passed. The exit
 * code is 1 when a target is missed (each is named on stderr) or cannot be checked, or a
 * verify step failed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { packageRoot } from "../src/paths.js";
import { tail } from "../src/verify/exec.js";
import type { StepResult, VerifyReport } from "../src/verify/types.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    "install-runs": { type: "string", default: "3" },
    runtime: { type: "string", default: "nodejs24.x" },
    trigger: { type: "string", multiple: true },
    resource: { type: "string", multiple: true },
    "plugin-dir": { type: "string" },
    only: { type: "string" },
    suite: { type: "boolean", default: false },
    out: { type: "string" },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number, not ${values.runs}`);
const installRuns = Number(values["install-runs"]);
if (!Number.isInteger(installRuns) || installRuns < 1) throw new Error(`--install-runs must be a positive whole number, not ${values["install-runs"]}`);
const triggers = values.trigger ?? ["http-api"];
const resources = values.resource ?? [];
const only = values.only;
if (only !== undefined && !["create", "add", "suite"].includes(only)) throw new Error(`--only takes create, add or suite, not ${only}`);
const suite = values.suite || only === "suite";
const bin = path.join(packageRoot, "dist/src/bin/create-lambdaform.js");
const lambdaformBin = path.join(packageRoot, "dist/src/bin/lambdaform.js");
const choices = [...triggers.flatMap((t) => ["--trigger", t]), ...resources.flatMap((r) => ["--resource", r])];
const createArgs = ["svc", "--yes", "--runtime", values.runtime!, ...choices];

/** The README's targets: issue 8 (add within 5× of `node -e 0`) and issue 12 (everything else). */
const targets = {
  renderSeconds: 0.15,
  renderRatio: 3.5,
  createVerifySeconds: 11,
  installRatio: 1.5,
  unchangedSeconds: 1,
  unchangedRatio: 0.1,
  installSkipSeconds: 0.1,
  allTriggersSeconds: 20,
  synthSeconds: 1.5,
  synthPeakMb: 200,
  typecheckSeconds: 0.5,
  addRatio: 5,
  suiteSeconds: 180,
};
const everyTrigger = ["http-api", "rest-api", "function-url", "s3", "sqs", "sns", "schedule", "eventbridge", "dynamodb-stream"];
const everyResource = ["table", "bucket", "queue", "topic", "secret", "layer"];

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
const mb = (peak: number | undefined) => (peak === undefined ? "n/a" : `${Math.round(peak)} MB`);
const loadAverage = () => os.loadavg()[0]!.toFixed(1);

/** A line of the results table: every figure with its ratio and its target's verdict. */
interface Row {
  what: string;
  figure?: string;
  ratio?: string;
  peak?: string;
  target?: string;
}
const oneLine = (text: string) => text.replace(/\s+/g, " ").replaceAll("|", "\\|").trim();
/** Where verify's typecheck finds the compiler (nativeTsc); asked in a child, since the bench runs synchronously. */
const typecheckModule = new URL("../src/verify/steps/typecheck.js", import.meta.url).href;

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
// A user cache of the bench's own, empty at the start: the first create meets an empty install
// store and no remembered provider gaps, as on a new machine; the second finds what the first left.
process.env.XDG_CACHE_HOME = path.join(parent, "user-cache");
try {
  process.exitCode = bench(parent);
} finally {
  rmSync(parent, { recursive: true, force: true });
}

function bench(parent: string): number {
  const verdicts: Verdict[] = [];
  const rows: Row[] = [];
  const loadBefore = loadAverage();
  const baseline = nodeBaseline(parent, rows);
  const report = only === "add" || only === "suite" ? undefined : createVerify(parent, baseline, verdicts, rows);
  if (only === undefined || only === "add") addTimings(parent, baseline, verdicts, rows);
  if (suite) suiteTiming(parent, verdicts, rows);
  const steps = report?.steps ?? [];
  const failed = steps.filter((s) => s.status === "failed");
  const skipped = steps.filter(skippedCheck);
  const versions = report?.versions ?? {};

  const npm = execFileSync("npm", ["--version"], { encoding: "utf8" }).trim();
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${npm} npm`;
  const tools = ["terraform", "aws-provider", "typescript"].filter((k) => versions[k]).map((k) => `${k} ${versions[k]}`);
  if (versions["aws-provider"]) tools.push(`providers via ${providerSource()}`);
  const missed = verdicts.filter((v) => !v.met);
  const lines = [
    `${only === "suite" ? "lambdaform's own `npm test`" : `Project: \`create svc --yes --runtime ${values.runtime} ${choices.join(" ")}\``}; ${machine}${tools.length ? `; ${tools.join(", ")}` : ""}; ${new Date().toISOString().slice(0, 10)}.`,
    "",
    `Load average (1 min) ${loadBefore} before, ${loadAverage()} after, on ${os.cpus().length} cores: other work shared the machine when the load is above that.`,
    "",
    "| what | figure | ratio | peak memory | target |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${[r.what, r.figure ?? "", r.ratio ?? "", r.peak ?? "", r.target ?? ""].join(" | ")} |`),
    "",
  ];
  if (only === undefined || only === "add") {
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

/**
 * lambdaform's own `npm test` (the README's test command), every project and file, as CI runs it
 * after `npm ci`: wall time against issue 12's target, with the CPU it used (GNU time) so a
 * figure from a busy machine can be told apart. Then its slowest test once more, alone on the
 * machine: no order or parallelism makes the suite shorter than that test, so it is the floor
 * the target is read against.
 */
function suiteTiming(parent: string, verdicts: Verdict[], rows: Row[]): void {
  const json = path.join(parent, "suite.json");
  // npm appends these to the script's last command, `vitest run`.
  const npmTest = ["test", "--", "--reporter=default", "--reporter=json", `--outputFile.json=${json}`];
  const [command, args] = timeBin ? [timeBin, ["-f", "%e %U %S", "npm", ...npmTest]] : ["npm", npmTest];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: packageRoot, encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const summary = (result.stdout ?? "").replace(/\x1b\[[0-9;]*m/g, "").match(/Tests +(.+)/)?.[1]?.trim();
  const [, user, system] = timeBin ? (result.stderr.trim().split("\n").pop() ?? "").split(" ").map(Number) : [];
  const cores = os.availableParallelism();
  const cpu =
    user !== undefined && system !== undefined
      ? `, CPU ${fmt(user + system)} (${((user + system) / seconds).toFixed(2)} cores busy; ${fmt((user + system) / cores)} on ${cores} cores even if none were ever idle)`
      : "";
  const passed = result.status === 0;
  // A failed run names its failures (vitest's summary at the end of its output): the table cannot.
  if (!passed) process.stderr.write(`bench: npm test failed; the end of its output:\n${tail((result.stdout ?? "").replace(/\x1b\[[0-9;]*m/g, ""), 80)}\n`);
  verdicts.push(verdict("npm test", `≤ ${targets.suiteSeconds / 60} min`, [passed && seconds <= targets.suiteSeconds], passed ? "" : " (it failed)"));
  rows.push({ what: `npm test (${summary ?? "no summary"}${cpu})`, figure: fmt(seconds), ratio: `${(seconds / targets.suiteSeconds).toFixed(2)}× target`, target: verdicts.at(-1)!.cell });
  if (passed) slowestTestAlone(json, rows);
}

/** The suite's slowest test (vitest's JSON report), run again by itself. */
function slowestTestAlone(json: string, rows: Row[]): void {
  const report = JSON.parse(readFileSync(json, "utf8")) as { testResults: { name: string; assertionResults: { fullName: string; duration?: number }[] }[] };
  const slowest = report.testResults
    .flatMap((file) => file.assertionResults.map((test) => ({ file: file.name, name: test.fullName, ms: test.duration ?? 0 })))
    .reduce((a, b) => (b.ms > a.ms ? b : a));
  const file = path.relative(packageRoot, slowest.file);
  // -t is a pattern over the whole name; anchored and escaped, it selects this one test.
  const pattern = `^${slowest.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
  const started = process.hrtime.bigint();
  const alone = spawnSync(path.join(packageRoot, "node_modules/.bin/vitest"), ["run", file, "-t", pattern], { cwd: packageRoot, encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ran = alone.stdout.replace(/\x1b\[[0-9;]*m/g, "").match(/Tests +(.+)/)?.[1]?.trim();
  const what = `its slowest test alone: "${oneLine(slowest.name)}" (${file}; ${fmt(slowest.ms / 1000)} in the suite)`;
  if (alone.status !== 0 || !ran?.startsWith("1 passed")) {
    process.stderr.write(`bench: the slowest test alone did not pass by itself (${ran ?? "no summary"}):\n${tail(alone.stdout + alone.stderr, 40)}\n`);
    rows.push({ what, figure: "n/a", target: "the suite's floor: **not checked**" });
    return;
  }
  const below = seconds > targets.suiteSeconds;
  rows.push({
    what,
    figure: fmt(seconds),
    ratio: `${(seconds / targets.suiteSeconds).toFixed(2)}× npm test's target`,
    target: below ? `the suite's floor: the ${targets.suiteSeconds / 60} min target is below it` : "the suite's floor: under the target",
  });
}

/** `node -e 0`: what starting Node costs here, now; the ratios of render and add are to it. */
function nodeBaseline(parent: string, rows: Row[]): number {
  const node = Array.from({ length: runs }, () => measure(process.execPath, ["-e", "0"], parent));
  const baseline = median(node.map((s) => s.seconds));
  rows.push({ what: `node -e 0, median of ${runs}`, figure: fmt(baseline), peak: mb(peakOf(node)), target: "baseline" });
  return baseline;
}

/**
 * Render, a bare npm install, create + verify with a real install, verify again with nothing
 * changed, synth and typecheck again, then create + verify with every trigger; returns the
 * default project's first verify report.
 */
function createVerify(parent: string, baseline: number, verdicts: Verdict[], rows: Row[]): VerifyReport {
  const pluginArgs = values["plugin-dir"] ? ["--plugin-dir", path.resolve(values["plugin-dir"])] : [];
  const renderHome = path.join(parent, "render");
  mkdirSync(renderHome);
  const renders = Array.from({ length: runs }, (_, i) => measure(process.execPath, [bin, `r${i}`, ...createArgs.slice(1), "--no-install", "--no-verify"], renderHome));
  const render = median(renders.map((s) => s.seconds));
  verdicts.push(verdict("render", `≤ ${targets.renderSeconds * 1000} ms and ≤ ${targets.renderRatio}× node -e 0`, [render <= targets.renderSeconds, render / baseline <= targets.renderRatio]));
  rows.push({ what: `render (create --no-install --no-verify), median of ${runs}`, figure: fmt(render), ratio: `${(render / baseline).toFixed(1)}× node -e 0`, peak: mb(peakOf(renders)), target: verdicts.at(-1)!.cell });

  // Pairs of a bare npm install of the same package.json (what create + verify is compared
  // with) and a first create + verify on this machine (npm unpacks every package), each first
  // with an empty user cache of its own. One npm install varies by 30% from run to run here, so
  // the ratio is the median of the pairs' ratios, each pair measured back to back.
  const samples = Array.from({ length: installRuns }, (_, i) => {
    const bare = path.join(parent, `bare-${i}`);
    mkdirSync(bare);
    cpSync(path.join(renderHome, "r0", "package.json"), path.join(bare, "package.json"));
    const install = measure("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], bare).seconds;
    process.env.XDG_CACHE_HOME = path.join(parent, `user-cache-${i}`);
    const home = path.join(parent, `first-${i}`);
    mkdirSync(home);
    return { install, home, ...createAndVerify(home, [...createArgs, ...pluginArgs]) };
  });
  const install = median(samples.map((s) => s.install));
  const spread = (xs: number[]) => (xs.length > 1 ? ` (${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))})` : "");
  rows.push({ what: `bare npm install of the same package.json (warm npm cache), median of ${installRuns}`, figure: fmt(install) + spread(samples.map((s) => s.install)), target: "baseline" });
  // The last pair's project goes on: verified again, type-checked and synthesized below.
  const first = samples.at(-1)!;
  // Second, in a new folder: the same dependencies are linked from the install store the
  // last first create filled (cache/install-store.ts).
  const againHome = path.join(parent, "again");
  mkdirSync(againHome);
  const second = createAndVerify(againHome, [...createArgs, ...pluginArgs]);
  const { report } = first;
  const failed = [...samples.flatMap((s) => s.report.steps), ...second.report.steps].filter((s) => s.status === "failed");
  const skipped = first.report.steps.filter(skippedCheck);
  const skippedNote = skipped.length > 0 ? ` (not comparable: ${skipped.map((s) => s.id).join(", ")} skipped)` : "";
  const failedNote = failed.length > 0 ? ` (${failed[0]!.id} failed)` : skippedNote;
  const ratios = samples.map((s) => s.seconds / s.install);
  const ratio = median(ratios);
  verdicts.push(verdict("create + verify", `≤ ${targets.installRatio}× bare npm install`, [failed.length === 0 && ratio <= targets.installRatio], failedNote));
  rows.push({
    what: `create + verify, the first (install store empty), median of ${installRuns}`,
    figure: fmt(median(samples.map((s) => s.seconds))) + spread(samples.map((s) => s.seconds)),
    ratio: `${ratio.toFixed(2)}× bare npm install${ratios.length > 1 ? ` (pairs: ${ratios.map((r) => r.toFixed(2)).join(", ")})` : ""}`,
    target: verdicts.at(-1)!.cell,
  });
  // Steps run side by side: their times overlap and add up to more than the verify.
  rows.push({ what: "  verify of the last of them (steps side by side)", figure: fmt(first.report.durationMs / 1000) });
  for (const step of first.report.steps) rows.push({ what: `    ${step.id}: ${stepState(step)}`, figure: fmt(step.durationMs / 1000) });
  verdicts.push(verdict("create + verify again", `≤ ${targets.createVerifySeconds} s`, [failed.length === 0 && second.seconds <= targets.createVerifySeconds], failedNote));
  rows.push({ what: "create + verify of a second project (same dependencies, install store warm)", figure: fmt(second.seconds), ratio: `${(second.seconds / install).toFixed(2)}× bare npm install`, target: verdicts.at(-1)!.cell });
  for (const step of second.report.steps) rows.push({ what: `    ${step.id}: ${stepState(step)}`, figure: fmt(step.durationMs / 1000) });
  const project = path.join(first.home, "svc");
  if (failed.length > 0) {
    for (const what of ["verify unchanged", "install skip", "synth", "typecheck"]) {
      verdicts.push({ what, met: false, cell: `**not measured**: verify failed at ${failed[0]!.id}` });
      rows.push({ what, target: verdicts.at(-1)!.cell });
    }
  } else {
    unchangedVerify(project, report, pluginArgs, verdicts, rows);
    const synth = Array.from({ length: runs }, () => measure(process.execPath, ["scripts/synth.mjs"], project));
    // As verify's typecheck runs it: TypeScript 7's native compiler, without the Node script in front.
    const compiler = execFileSync(process.execPath, ["--input-type=module", "-e", `const { nativeTsc } = await import(${JSON.stringify(typecheckModule)}); console.log((await nativeTsc(process.cwd())) ?? "node_modules/.bin/tsc")`], { cwd: project, encoding: "utf8" }).trim();
    const typecheck = Array.from({ length: runs }, () => measure(compiler, ["--noEmit"], project));
    const throughBin = median(Array.from({ length: runs }, () => measure("node_modules/.bin/tsc", ["--noEmit"], project).seconds));
    const synthMedian = median(synth.map((s) => s.seconds));
    const synthPeak = peakOf(synth);
    const typecheckMedian = median(typecheck.map((s) => s.seconds));
    verdicts.push(
      verdict(
        "synth",
        `≤ ${targets.synthSeconds} s and ≤ ${targets.synthPeakMb} MB`,
        [synthMedian <= targets.synthSeconds, synthPeak === undefined ? undefined : synthPeak <= targets.synthPeakMb],
        synthPeak === undefined ? " (no GNU time for peak memory)" : "",
      ),
    );
    rows.push({ what: `synth, median of ${runs}`, figure: fmt(synthMedian), ratio: `${(synthMedian / targets.synthSeconds).toFixed(2)}× target`, peak: mb(synthPeak), target: verdicts.at(-1)!.cell });
    verdicts.push(verdict("typecheck", `≤ ${targets.typecheckSeconds} s`, [typecheckMedian <= targets.typecheckSeconds]));
    rows.push({
      what: `typecheck (tsc --noEmit as verify runs it, TypeScript ${report.versions.typescript ?? "?"}${compiler.startsWith("node_modules") ? "" : "'s native compiler"}), median of ${runs}`,
      figure: fmt(typecheckMedian),
      ratio: `${(typecheckMedian / targets.typecheckSeconds).toFixed(1)}× target`,
      peak: mb(peakOf(typecheck)),
      target: verdicts.at(-1)!.cell,
    });
    rows.push({ what: `  the same through node_modules/.bin/tsc (npm run typecheck), median of ${runs}`, figure: fmt(throughBin) });
  }

  // Every trigger and resource, in its own folder: a second project, installed and verified from scratch.
  const allHome = path.join(parent, "all");
  mkdirSync(allHome);
  const every = ["svc", "--yes", "--runtime", values.runtime!, ...everyTrigger.flatMap((t) => ["--trigger", t]), ...everyResource.flatMap((r) => ["--resource", r]), ...pluginArgs];
  const all = createAndVerify(allHome, every);
  const allAgainHome = path.join(parent, "all-again");
  mkdirSync(allAgainHome);
  const allAgain = createAndVerify(allAgainHome, every);
  const allFailed = [...all.report.steps, ...allAgain.report.steps].find((s) => s.status === "failed");
  rows.push({ what: "create + verify, every trigger and resource, the first (its dependencies not in the install store)", figure: fmt(all.seconds), ratio: `${(all.seconds / targets.allTriggersSeconds).toFixed(2)}× target` });
  for (const step of all.report.steps) rows.push({ what: `    ${step.id}: ${stepState(step)}`, figure: fmt(step.durationMs / 1000) });
  verdicts.push(verdict("all-trigger create + verify", `≤ ${targets.allTriggersSeconds} s`, [!allFailed && allAgain.seconds <= targets.allTriggersSeconds], allFailed ? ` (${allFailed.id} failed)` : ""));
  rows.push({ what: "create + verify, every trigger and resource, a second project (install store warm)", figure: fmt(allAgain.seconds), ratio: `${(allAgain.seconds / targets.allTriggersSeconds).toFixed(2)}× target`, target: verdicts.at(-1)!.cell });
  for (const step of allAgain.report.steps) rows.push({ what: `    ${step.id}: ${stepState(step)}`, figure: fmt(step.durationMs / 1000) });
  if (!allFailed) oneHandlerChanged(path.join(allHome, "svc"), all.report, pluginArgs, verdicts, rows);
  return report;
}

/**
 * The loop a developer lives in: one handler of the all-trigger project edited, then verify.
 * Only the steps the edit reaches may run: typecheck, that handler's tests, package and synth;
 * terraform stays cached (the stack's configuration did not change).
 */
function oneHandlerChanged(project: string, first: VerifyReport, pluginArgs: string[], verdicts: Verdict[], rows: Row[]): void {
  const python = values.runtime!.startsWith("python");
  const dir = path.join(project, python ? "src/app/handlers" : "src/handlers");
  const handler = path.join(dir, readdirSync(dir).filter((f) => (python ? /^[a-z]\w*\.py$/.test(f) && f !== "__init__.py" : /^[a-z-]+\.ts$/.test(f) && !f.endsWith(".test.ts"))).sort()[0]!);
  appendFileSync(handler, python ? "\nBENCH_PROBE = 1\n" : "\nexport const benchProbe = 1;\n");
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [lambdaformBin, "verify", ".", "--json", ...pluginArgs], { cwd: project, encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const report = parsedReport(result.stdout);
  const step = (id: string) => report?.steps.find((s) => s.id === id);
  const narrowed = step("test")?.status === "passed" && step("test")!.detail.includes("only those");
  const terraformKept = step("terraform")?.status !== "passed" || step("terraform")!.cached === true;
  const firstSeconds = first.durationMs / 1000;
  verdicts.push(verdict("one handler changed", "only its tests rerun, terraform cached", [result.status === 0, narrowed, terraformKept]));
  rows.push({
    what: `verify after editing ${path.relative(project, handler)} (every trigger and resource)`,
    figure: fmt(seconds),
    ratio: `${(seconds / firstSeconds).toFixed(2)}× its first verify`,
    target: verdicts.at(-1)!.cell,
  });
  for (const s of report?.steps ?? []) rows.push({ what: `    ${s.id}: ${stepState(s)}`, figure: fmt(s.durationMs / 1000) });
}

function createAndVerify(cwd: string, args: string[]): { seconds: number; report: VerifyReport } {
  const started = process.hrtime.bigint();
  const created = spawnSync(process.execPath, [bin, ...args, "--json"], { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const report = verifyReport(created.stdout);
  if (!report) throw new Error(`create failed (exit ${created.status}) before verify reported:\n${created.stderr}`);
  return { seconds, report };
}

/** `lambdaform verify` again, nothing changed: every cacheable step from the step cache, npm install skipped. */
function unchangedVerify(project: string, first: VerifyReport, pluginArgs: string[], verdicts: Verdict[], rows: Row[]): void {
  const samples = Array.from({ length: runs }, () => {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [lambdaformBin, "verify", ".", "--json", ...pluginArgs], { cwd: project, encoding: "utf8", maxBuffer: 64 << 20 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`verify of the unchanged project failed (exit ${result.status}):\n${result.stderr}`);
    return { seconds, report: JSON.parse(result.stdout) as VerifyReport };
  });
  const wall = median(samples.map((s) => s.seconds));
  const firstVerify = first.durationMs / 1000;
  const notCached = [...new Set(samples.flatMap((s) => s.report.steps.filter((step) => step.status === "passed" && !step.cached && step.id !== "install" && step.id !== "check").map((step) => step.id)))];
  verdicts.push(
    verdict("verify unchanged", `≤ ${targets.unchangedSeconds} s and ≤ ${targets.unchangedRatio}× the first verify`, [wall <= targets.unchangedSeconds, wall / firstVerify <= targets.unchangedRatio], notCached.length ? ` (ran again: ${notCached.join(", ")})` : ""),
  );
  rows.push({ what: `verify again, nothing changed (lambdaform verify), median of ${runs}`, figure: fmt(wall), ratio: `${(wall / firstVerify).toFixed(3)}× the first verify`, target: verdicts.at(-1)!.cell });
  const installs = samples.map((s) => s.report.steps.find((step) => step.id === "install")!);
  const skip = median(installs.map((step) => step.durationMs / 1000));
  const skippedAll = installs.every((step) => step.detail.startsWith("npm install skipped"));
  const firstInstall = first.steps.find((step) => step.id === "install")!.durationMs / 1000;
  verdicts.push(verdict("install skip", `npm install skipped, ≤ ${targets.installSkipSeconds} s`, [skippedAll, skip <= targets.installSkipSeconds], skippedAll ? "" : ` (${installs[0]!.detail})`));
  rows.push({ what: "  its install step (node_modules matches the lockfile)", figure: fmt(skip), ratio: `${(skip / firstInstall).toFixed(3)}× the first install`, target: verdicts.at(-1)!.cell });
}

/** `lambdaform add` without install or verify, each run on a fresh copy of one new project, against `node -e 0`. */
function addTimings(parent: string, baseline: number, verdicts: Verdict[], rows: Row[]): void {
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
    rows.push({ what: `${what}, median of ${runs}`, figure: fmt(wall), ratio: `${ratio.toFixed(1)}× node -e 0`, peak: mb(peak), target: verdicts.at(-1)!.cell });
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

/**
 * A check that did not run, making the figures not comparable with a full run. The emulate step
 * is not one when it was not asked for: it is opt-in (minutes against moto) and the targets
 * measure verify without it.
 */
function skippedCheck(step: StepResult): boolean {
  return step.status === "skipped" && !optedOut(step);
}

function optedOut(step: StepResult): boolean {
  return step.id === "emulate" && step.status === "skipped" && step.detail.startsWith("not asked for");
}

function stepState(step: StepResult): string {
  if (step.status === "passed") return "passed";
  if (step.status === "failed") return "**FAILED**";
  return optedOut(step) ? "off (opt-in: --emulate)" : "**SKIPPED** (see below)";
}

/** `lambdaform verify --json`'s report (create's --json nests it under `verify`). */
function parsedReport(stdout: string): VerifyReport | undefined {
  try {
    return JSON.parse(stdout) as VerifyReport;
  } catch {
    return undefined;
  }
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
