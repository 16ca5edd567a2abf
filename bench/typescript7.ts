/**
 * TypeScript 7 (the native compiler, `typescript@7` on npm) against the pinned TypeScript on
 * generated projects: every runtime, the default project and the one with every trigger and
 * resource. For each: both compilers' wall time (median of --runs), whether both pass, and
 * whether both report the same diagnostics for the same injected errors (a wrong type and an
 * unchecked index, which `noUncheckedIndexedAccess` catches: same strictness). Writes
 * bench/results-typescript7.md. Exit 1 when any project differs.
 *
 *   npm run build && node dist/bench/typescript7.js [--runs 3] [--version 7.0.2]
 *
 * Projects are rendered with --no-install --no-verify and share one node_modules (an `npm
 * install` of the first project, the Node one with every trigger and resource, whose packages
 * include every other's; warm npm cache); TypeScript 7 is installed once beside it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { pinned } from "../src/catalog/versions.js";
import { packageRoot } from "../src/paths.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, version: { type: "string", default: "7.0.2" } } });
const runs = Number(values.runs);
const bin = path.join(packageRoot, "dist/src/bin/create-lambdaform.js");
const every = ["http-api", "rest-api", "function-url", "s3", "sqs", "sns", "schedule", "eventbridge", "dynamodb-stream"].flatMap((t) => ["--trigger", t]);
const resources = ["table", "bucket", "queue", "topic", "secret", "layer"].flatMap((r) => ["--resource", r]);
const runtimes = ["nodejs24.x", "nodejs22.x", "python3.14", "python3.13", "python3.12"];
const injected = '\nexport const probe: number = "text";\nexport function firstOf(xs: string[]): string {\n  return xs[0];\n}\n';

interface Timing {
  seconds: number;
  ok: boolean;
  diagnostics: string;
}

function tsc(compiler: string, cwd: string): Timing {
  const started = process.hrtime.bigint();
  const result = spawnSync(compiler, ["--noEmit"], { cwd, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const diagnostics = `${result.stdout}${result.stderr}`.split("\n").filter((l) => /error TS\d+/.test(l)).sort().join("\n");
  return { seconds, ok: result.status === 0, diagnostics };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const parent = mkdtempSync(path.join(os.tmpdir(), "lambdaform-ts7-"));
try {
  process.exitCode = evaluate();
} finally {
  rmSync(parent, { recursive: true, force: true });
}

function evaluate(): number {
  const ts7Home = path.join(parent, "ts7");
  mkdirSync(ts7Home);
  execFileSync("npm", ["init", "-y"], { cwd: ts7Home, stdio: "ignore" });
  execFileSync("npm", ["install", `typescript@${values.version}`, "--prefer-offline", "--no-audit", "--no-fund"], { cwd: ts7Home, stdio: "ignore" });
  const ts7 = path.join(ts7Home, "node_modules/.bin/tsc");
  const version7 = execFileSync(ts7, ["--version"], { encoding: "utf8" }).replace(/^Version /, "").trim();
  let deps: string | undefined;
  const rows: string[] = [];
  let differs = 0;
  for (const runtime of runtimes) {
    // The project with everything first: its install (a superset of every other's packages) serves them all.
    for (const [label, choices] of [["every trigger and resource", [...every, ...resources]], ["default", []]] as const) {
      const name = `${runtime.replace(/\W/g, "")}-${label === "default" ? "default" : "all"}`;
      execFileSync(process.execPath, [bin, name, "--yes", "--runtime", runtime, ...choices, "--no-install", "--no-verify"], { cwd: parent, stdio: "ignore" });
      const dir = path.join(parent, name);
      if (!deps) {
        execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: dir, stdio: "ignore" });
        deps = path.join(dir, "node_modules");
      } else {
        symlinkSync(deps, path.join(dir, "node_modules"), "dir");
      }
      const ts5 = path.join(dir, "node_modules/.bin/tsc");
      const five = Array.from({ length: runs }, () => tsc(ts5, dir));
      const seven = Array.from({ length: runs }, () => tsc(ts7, dir));
      // The same errors, injected into a TypeScript file tsc checks (infra/ in every project).
      const target = path.join(dir, "infra/main.ts");
      const before = readFileSync(target, "utf8");
      appendFileSync(target, injected);
      const broken5 = tsc(ts5, dir);
      const broken7 = tsc(ts7, dir);
      writeFileSync(target, before);
      const same = five[0]!.ok && seven[0]!.ok && !broken5.ok && !broken7.ok && broken5.diagnostics === broken7.diagnostics && broken5.diagnostics.split("\n").length === 2;
      if (!same) differs++;
      const t5 = median(five.map((t) => t.seconds));
      const t7 = median(seven.map((t) => t.seconds));
      rows.push(
        `| ${runtime}, ${label} | ${t5.toFixed(2)} s | ${t7.toFixed(2)} s | ${(t5 / t7).toFixed(1)}× | ${five[0]!.ok ? "pass" : "FAIL"} / ${seven[0]!.ok ? "pass" : "FAIL"} | ${same ? "same 2 errors" : `**differ**: ${JSON.stringify(broken5.diagnostics)} vs ${JSON.stringify(broken7.diagnostics)}`} |`,
      );
      console.error(rows.at(-1));
    }
  }
  const load = os.loadavg().map((l) => l.toFixed(1)).join(", ");
  const table = [
    `TypeScript ${pinned("typescript")} (pinned) against ${version7}, \`tsc --noEmit\` median of ${runs}; ${os.cpus().length} cores, load average ${load} at the end; ${new Date().toISOString().slice(0, 10)}.`,
    "",
    `| project | ${pinned("typescript")} | ${values.version} | speed-up | clean project passes (5 / 7) | injected errors |`,
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    differs === 0 ? "Every project: both pass, and both report the same diagnostics for the injected errors." : `${differs} project(s) differ.`,
  ].join("\n");
  console.log(table);
  writeFileSync(path.join(packageRoot, "bench/results-typescript7.md"), table + "\n");
  return differs === 0 ? 0 : 1;
}
