// @ts-check
/**
 * Where each stage lives on disk, for the app (infra/stage.ts) and the scripts alike. The default
 * stage keeps the folders and the state file of a project that predates stages; another stage
 * gets its own, so two stages can be synthesized and deployed at once.
 */
export const defaultStage = "default";

/** Short, so `<project>-<stage>-<function>-<suffix>` stays inside AWS's 64-character names. */
export const stagePattern = /^[a-z][a-z0-9]{0,9}$/;

/** The stage named by LAMBDAFORM_STAGE (set by scripts/terraform.mjs --stage), or the default one. */
export function stageFromEnvironment(env = process.env) {
  return checkedStage(env.LAMBDAFORM_STAGE || defaultStage);
}

/** @param {string} name */
export function checkedStage(name) {
  if (!stagePattern.test(name)) {
    throw new Error(`stage "${name}" must be a lowercase letter then at most 9 lowercase letters or digits`);
  }
  return name;
}

/** The app's output folder for a stage (cdktf.out/stacks/<project>/ holds its Terraform). @param {string} stage */
export function stageOutdir(stage) {
  return stage === defaultStage ? "cdktf.out" : `cdktf.out/stages/${stage}`;
}

/** The stage's local state file, relative to the project (unused when its state is in S3). @param {string} stage */
export function stageStateFile(stage) {
  return stage === defaultStage ? "terraform.tfstate" : `terraform.${stage}.tfstate`;
}
