import { existsSync } from "node:fs";
import path from "node:path";
import { CancelledError, LambdaformError } from "../errors.js";
import { requireNodeForProject } from "../project/engine-node.js";
import { exec } from "../verify/exec.js";
import { stepExitCode } from "../verify/exit-codes.js";
import { missingFileProblem, neededFiles } from "../verify/project-files.js";
import { parseProjectCommand } from "./args.js";
import type { MainDeps } from "./main.js";

export const synthUsage = `Usage: lambdaform synth [dir] [--hcl]

Packages the functions (scripts/package.mjs) and writes cdktf.out/ (scripts/synth.mjs) in the
project in dir (default: the current folder): Terraform JSON, or plain HCL with --hcl.
Exits 14 when packaging fails, 15 when synth fails, 11 when node_modules is missing.

Flags:
  --hcl         write plain Terraform (cdk.tf) instead of JSON
  --help, -h    print this help`;

/**
 * `lambdaform synth [dir] [--hcl]`: the project's own `npm run synth` (or `synth:hcl`): build the
 * packages, then write cdktf.out/ (Terraform JSON, or plain HCL with --hcl).
 */
export async function synthCommand(argv: readonly string[], deps: MainDeps): Promise<number> {
  const { dir, values, help } = parseProjectCommand(argv, deps.cwd, { hcl: { type: "boolean" } });
  if (help) {
    deps.io.out(synthUsage);
    return 0;
  }
  requireNodeForProject(dir);
  if (!existsSync(path.join(dir, "node_modules"))) {
    throw new LambdaformError(stepExitCode("install"), `${dir} has no node_modules: run \`npm install\` there first`);
  }
  // A missing file is one line with its step's code, not node's or esbuild's stack trace.
  for (const step of ["package", "synth"] as const) {
    const missing = missingFileProblem(dir, neededFiles[step], step);
    if (missing) throw new LambdaformError(stepExitCode(step), missing);
  }
  const signal = deps.signal ?? new AbortController().signal;
  const scripts: [string, string[], number][] = [
    ["scripts/package.mjs", [], stepExitCode("package")],
    ["scripts/synth.mjs", values.hcl ? ["--hcl"] : [], stepExitCode("synth")],
  ];
  for (const [script, args, failureCode] of scripts) {
    const result = await exec(process.execPath, [script, ...args], { cwd: dir, signal, display: ["node", script, ...args].join(" ") });
    if (result.canceled) throw new CancelledError("synth cancelled");
    if (result.output.trim()) deps.io.err(result.output.trimEnd());
    if (!result.ok) {
      deps.io.err(`lambdaform: ${result.command} failed (${result.spawnError ?? `exit code ${result.exitCode}`})`);
      return failureCode;
    }
  }
  return 0;
}
