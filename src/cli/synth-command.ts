import { existsSync } from "node:fs";
import path from "node:path";
import { CancelledError, LambdaformError, usageError } from "../errors.js";
import { requireNodeForProject } from "../project/engine-node.js";
import { exec } from "../verify/exec.js";
import { stepExitCode } from "../verify/exit-codes.js";
import { missingFileProblem, neededFiles } from "../verify/project-files.js";
import { parseProjectCommand } from "./args.js";
import type { MainDeps } from "./main.js";

export const synthUsage = `Usage: lambdaform synth [dir] [--hcl [--out <folder>]]

Packages the functions (scripts/package.mjs) and writes cdktf.out/ (scripts/synth.mjs) in the
project in dir (default: the current folder): Terraform JSON, or plain HCL with --hcl.
Exits 14 when packaging fails, 15 when synth fails, 11 when node_modules is missing.

Flags:
  --hcl            write readable Terraform (cdk.tf) instead of JSON: resources named without
                   the engine's hash suffixes, with moved blocks from the old names, as
                   terraform fmt formats it
  --out <folder>   with --hcl: eject, writing main.tf and the packages (assets/) into a new or
                   empty folder, for a team that leaves lambdaform and the CDK behind; its state
                   stays the project's, so terraform plan there shows no changes
  --help, -h       print this help`;

/**
 * `lambdaform synth [dir] [--hcl]`: the project's own `npm run synth` (or `synth:hcl`): build the
 * packages, then write cdktf.out/ (Terraform JSON, or plain HCL with --hcl).
 */
export async function synthCommand(argv: readonly string[], deps: MainDeps): Promise<number> {
  const { dir, values, help } = parseProjectCommand(argv, deps.cwd, { hcl: { type: "boolean" }, out: { type: "string" } });
  if (help) {
    deps.io.out(synthUsage);
    return 0;
  }
  if (values.out !== undefined && !values.hcl) throw usageError("--out ejects plain Terraform: it needs --hcl");
  if (values.out !== undefined) (await import("../hcl/eject.js")).assertEmptyFolder(path.resolve(deps.cwd, values.out as string));
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
  if (values.hcl) {
    // Loaded only here: the formatter is WebAssembly, a second to start.
    const { eject, makeReadable } = await import("../hcl/eject.js");
    if (values.out) {
      for (const folder of await eject(dir, path.resolve(deps.cwd, values.out as string))) deps.io.err(`Ejected plain Terraform into ${path.relative(deps.cwd, folder) || "."}`);
    }
    for (const { stack, moved } of await makeReadable(dir)) deps.io.err(`cdktf.out/stacks/${stack}/cdk.tf: readable names (${moved} moved blocks), formatted`);
  }
  return 0;
}
