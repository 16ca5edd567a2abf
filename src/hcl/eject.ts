import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { LambdaformError } from "../errors.js";
import { stepExitCode } from "../verify/exit-codes.js";
import { readableHcl } from "./readable-hcl.js";

/** The stacks a `synth --hcl` wrote: cdktf.out/stacks/<name>/cdk.tf. */
export function hclStacks(projectDir: string): string[] {
  const stacks = path.join(projectDir, "cdktf.out", "stacks");
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks)
    .sort()
    .map((name) => path.join(stacks, name))
    .filter((dir) => existsSync(path.join(dir, "cdk.tf")));
}

/** Rewrites each stack's cdk.tf, as the engine wrote it, into readable Terraform (see readable-hcl.ts). */
export async function makeReadable(projectDir: string): Promise<{ stack: string; moved: number }[]> {
  const done = [];
  for (const stack of hclStacks(projectDir)) {
    const file = path.join(stack, "cdk.tf");
    const { text, moved } = await readableHcl(readFileSync(file, "utf8"));
    writeFileSync(file, text);
    done.push({ stack: path.basename(stack), moved: moved.length });
  }
  return done;
}

/**
 * Writes plain Terraform a team can keep without lambdaform or a CDK: per stack, `main.tf` (the
 * readable HCL with its `moved` blocks) and the packages it deploys (`assets/`), in `outDir`
 * (`outDir/<stack>/` when the project has several stacks). The local backend keeps pointing at
 * the project's state file, so `terraform plan` there starts from what is deployed.
 */
export async function eject(projectDir: string, outDir: string): Promise<string[]> {
  const stacks = hclStacks(projectDir);
  if (stacks.length === 0) throw new LambdaformError(stepExitCode("synth"), `${projectDir} has no cdktf.out/stacks/*/cdk.tf to eject`);
  const written = [];
  for (const stack of stacks) {
    const target = stacks.length === 1 ? outDir : path.join(outDir, path.basename(stack));
    assertEmptyFolder(target);
    const statePath = (p: string) => path.relative(target, path.resolve(stack, p)) || ".";
    const { text } = await readableHcl(readFileSync(path.join(stack, "cdk.tf"), "utf8"), { statePath });
    mkdirSync(target, { recursive: true });
    if (existsSync(path.join(stack, "assets"))) cpSync(path.join(stack, "assets"), path.join(target, "assets"), { recursive: true });
    writeFileSync(path.join(target, "main.tf"), text);
    written.push(target);
  }
  return written;
}

/** Eject writes only into a new or empty folder (exit 4 otherwise), never over someone's files. */
export function assertEmptyFolder(folder: string): void {
  if (existsSync(folder) && readdirSync(folder).length > 0) {
    throw new LambdaformError("targetNotEmpty", `${folder} is not empty: eject writes into a new or empty folder`);
  }
}
