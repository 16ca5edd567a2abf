import { existsSync } from "node:fs";
import path from "node:path";
import { CancelledError, LambdaformError } from "../errors.js";
import { exec } from "../verify/exec.js";
import { stepExitCode } from "../verify/exit-codes.js";
import { parseProjectCommand } from "./args.js";
import type { MainDeps } from "./main.js";

/**
 * `lambdaform synth [dir] [--hcl]`: the project's own `npm run synth` (or `synth:hcl`): build the
 * packages, then write cdktf.out/ (Terraform JSON, or plain HCL with --hcl).
 */
export async function synthCommand(argv: readonly string[], deps: MainDeps): Promise<number> {
  const { dir, values } = parseProjectCommand(argv, deps.cwd, { hcl: { type: "boolean" } });
  if (!existsSync(path.join(dir, "node_modules"))) {
    throw new LambdaformError(stepExitCode("install"), `${dir} has no node_modules: run \`npm install\` there first`);
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
