// @ts-check
/**
 * Synthesizes the cdktf app into cdktf.out/ without the cdktf CLI: esbuild compiles infra/
 * in a few milliseconds and the app runs in this process. `--hcl` writes plain Terraform
 * (cdk.tf) instead of JSON, for teams that want to leave cdktf behind.
 *
 * Expects the deployment packages from `npm run build` (the `synth` script builds first).
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { stageFromEnvironment, stageOutdir } from "./lib/stage.mjs";

const hcl = process.argv.includes("--hcl");
if (hcl) process.env.SYNTH_HCL_OUTPUT = "true";

/** One line per failure, not a stack trace: `--stack` shows where, for a bug in infra/ code. */
const fail = (/** @type {unknown} */ error) => {
  console.error(
    process.argv.includes("--stack") && error instanceof Error
      ? error.stack
      : `synth: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
  );
  process.exit(1);
};

// A JSON synth after an HCL one (or the reverse) would leave both files, and Terraform would
// load every resource twice. Only this stage's folder: another stage may be deploying from its own.
let stage = "";
try {
  stage = stageFromEnvironment();
} catch (error) {
  fail(error);
}
const stacks = path.join(stageOutdir(stage), "stacks");
for (const stack of existsSync(stacks) ? readdirSync(stacks) : []) {
  for (const file of ["cdk.tf.json", "cdk.tf"]) rmSync(path.join(stacks, stack, file), { force: true });
}

// One bundle per stage, so two stages can synthesize at once.
const outfile = path.resolve(`.lambdaform/infra-${stage}.cjs`);
await build({
  entryPoints: ["infra/main.ts"],
  outfile,
  bundle: true,
  platform: "node",
  // CommonJS because cdktf's provider is imported by folder (lib/lambda-function), which ESM refuses.
  format: "cjs",
  packages: "external",
  target: "node20",
  logLevel: "warning",
  // esbuild has printed each error with its file and line; its exception would only repeat them.
}).catch(() => process.exit(1));
await import(pathToFileURL(outfile).href).catch(fail);
if (!process.argv.includes("--app-only")) {
  console.log(`Synthesized ${hcl ? "HCL" : "Terraform JSON"} into ${stacks}/`);
}
