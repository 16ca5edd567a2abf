import { lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { hashContent } from "../../src/manifest/manifest.js";
import type { VerifyReport } from "../../src/verify/types.js";
import { recordingIo } from "./io.js";

/** What builds and tests leave behind (ignored by the project's .gitignore), not the project itself. */
const buildOutput = new Set(["node_modules", "dist", "cdktf.out", ".lambdaform", "__pycache__", ".pytest_cache"]);

/**
 * Every file of a project but build output, by path, as a hash of its bytes: equal snapshots
 * mean byte-identical projects.
 */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel)).sort()) {
      const file = rel ? `${rel}/${entry}` : entry;
      if (buildOutput.has(entry)) continue;
      const stat = lstatSync(path.join(dir, file));
      if (stat.isDirectory()) walk(file);
      else files[file] = hashContent(readFileSync(path.join(dir, file)));
    }
  };
  walk("");
  return files;
}

/** `lambdaform <command> <args>` in-process, in `dir`, without a terminal. */
export async function lambdaform(dir: string, command: string, args: readonly string[]) {
  const io = recordingIo();
  const code = await runCli(command, args, { io, cwd: dir });
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
}

/** Runs verify without installing and expects every step to pass (terraform may be skipped without providers). */
export async function expectVerifies(dir: string, terraformAvailable: boolean): Promise<void> {
  const { code, stdout } = await lambdaform(dir, "verify", [dir, "--no-install", "--json"]);
  const report = JSON.parse(stdout) as VerifyReport;
  const summary = report.steps.map((s) => `${s.id} ${s.status}: ${s.detail}\n${s.output ?? ""}`).join("\n");
  expect(code, summary).toBe(0);
  const statuses = Object.fromEntries(report.steps.map((s) => [s.id, s.status]));
  expect(statuses, summary).toEqual({
    install: "skipped",
    typecheck: "passed",
    test: "passed",
    package: "passed",
    synth: "passed",
    check: "passed",
    terraform: terraformAvailable ? "passed" : "skipped",
    // Asked for only with --emulate: minutes against moto for what the unit of change rarely touches.
    emulate: "skipped",
  });
}
