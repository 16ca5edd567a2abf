import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { LambdaformError } from "../errors.js";
import { stepExitCode } from "../verify/exit-codes.js";

export interface ScriptRun {
  dir: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Also keep stdout (shown on stderr as it comes), to read the plan summary from it. */
  capture?: boolean;
}

/**
 * Runs the project's own scripts/terraform.mjs: lambdaform adds questions and saved answers on
 * top, the mechanics (stage, backend, emulator, outputs) are the project's, so a clone without
 * lambdaform deploys the same way with `npm run deploy`.
 */
export function runProjectScript(run: ScriptRun): Promise<{ exitCode: number; stdout: string }> {
  const script = path.join(run.dir, "scripts/terraform.mjs");
  if (!existsSync(script)) {
    throw new LambdaformError("notAProject", `${run.dir} has no scripts/terraform.mjs: a project from an older lambdaform; add the file from a new project`);
  }
  if (!existsSync(path.join(run.dir, "node_modules"))) {
    throw new LambdaformError(stepExitCode("install"), `${run.dir} has no node_modules: run \`npm install\` there first`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...run.args], {
      cwd: run.dir,
      env: run.env ?? process.env,
      stdio: ["inherit", run.capture ? "pipe" : "inherit", "inherit"],
      signal: run.signal,
    });
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on("error", (error) => (error.name === "AbortError" ? resolve({ exitCode: 130, stdout }) : reject(error)));
    child.on("close", (code, signal) => resolve({ exitCode: code ?? (signal ? 130 : 1), stdout }));
  });
}

/** Terraform's "Plan: 1 to add, 0 to change, 0 to destroy." (or "No changes."), for the question that follows. */
export function planSummary(output: string): string {
  const plain = stripVTControlCharacters(output);
  return /Plan: \d+ to add, \d+ to change, \d+ to destroy\./.exec(plain)?.[0] ?? (/No changes\./.test(plain) ? "No changes." : "no plan summary found");
}
