/**
 * Benchmark: `create --yes` with a real npm install (warm cache) and the whole verify
 * pipeline, then repeated synth and typecheck runs on the result, with wall time and peak
 * memory. Prints a Markdown table (the README's figures come from here) and writes it to
 * bench/results.md.
 *
 *   npm run bench -- [--runs 5] [--runtime nodejs24.x] [--trigger http-api ...] [--resource table ...] [--out file]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { packageRoot } from "../src/paths.js";
import type { VerifyReport } from "../src/verify/types.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    runtime: { type: "string", default: "nodejs24.x" },
    trigger: { type: "string", multiple: true },
    resource: { type: "string", multiple: true },
    out: { type: "string", default: "bench/results.md" },
  },
});
const runs = Number(values.runs);
const triggers = values.trigger ?? ["http-api"];
const resources = values.resource ?? [];
const bin = path.join(packageRoot, "dist/src/bin/create-lambdaform.js");
const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

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

const parent = mkdtempSync(path.join(os.tmpdir(), "lambdaform-bench-"));
const choices = [...triggers.flatMap((t) => ["--trigger", t]), ...resources.flatMap((r) => ["--resource", r])];
const args = ["svc", "--yes", "--json", "--runtime", values.runtime!, ...choices];
const started = process.hrtime.bigint();
const created = spawnSync(process.execPath, [bin, ...args], { cwd: parent, encoding: "utf8", maxBuffer: 64 << 20 });
const totalSeconds = Number(process.hrtime.bigint() - started) / 1e9;
if (created.status !== 0) throw new Error(`create failed (${created.status}):\n${created.stderr}`);
const report = JSON.parse(created.stdout).verify as VerifyReport;
const project = path.join(parent, "svc");

const synth = Array.from({ length: runs }, () => measure("node", ["scripts/synth.mjs"], project));
const typecheck = Array.from({ length: runs }, () => measure("node_modules/.bin/tsc", ["--noEmit"], project));

const rows = [
  ["create + verify (install from a warm npm cache)", fmt(totalSeconds), ""],
  ...report.steps.map((step) => [`  ${step.id} (${step.status})`, fmt(step.durationMs / 1000), ""]),
  [`synth, median of ${runs}`, fmt(median(synth.map((s) => s.seconds))), synth[0]?.peakMb ? `${Math.round(Math.max(...synth.map((s) => s.peakMb ?? 0)))} MB` : "n/a"],
  [`typecheck, median of ${runs}`, fmt(median(typecheck.map((s) => s.seconds))), typecheck[0]?.peakMb ? `${Math.round(Math.max(...typecheck.map((s) => s.peakMb ?? 0)))} MB` : "n/a"],
];
const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${execFileSync("npm", ["--version"], { encoding: "utf8" }).trim()} npm`;
const table = [
  `Project: \`create svc --yes --runtime ${values.runtime} ${choices.join(" ")}\`; ${machine}; ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "| what | wall | peak memory |",
  "| --- | --- | --- |",
  ...rows.map((r) => `| ${r.join(" | ")} |`),
].join("\n");
console.log(table);
writeFileSync(path.resolve(packageRoot, values.out!), table + "\n");
