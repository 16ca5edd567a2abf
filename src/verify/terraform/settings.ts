import { existsSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { invalidValue } from "../../errors.js";

/**
 * `--plugin-dir` as an absolute path, checked before anything runs: a folder that is not there
 * would otherwise make the terraform step skip, and a run that checked nothing end as "passed".
 */
export function resolvePluginDir(cwd: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const dir = path.resolve(cwd, value);
  if (!existsSync(dir)) throw invalidValue(`--plugin-dir ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw invalidValue(`--plugin-dir ${dir} is not a folder`);
  return dir;
}

/**
 * `--require-terraform`, or LAMBDAFORM_REQUIRE_TERRAFORM=1 for CI that sets it once for every
 * command. A value other than 1/0/true/false is refused rather than guessed.
 */
export function requireTerraform(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag) return true;
  const value = env.LAMBDAFORM_REQUIRE_TERRAFORM?.trim().toLowerCase();
  if (value === undefined || value === "" || value === "0" || value === "false") return false;
  if (value === "1" || value === "true") return true;
  throw invalidValue(`LAMBDAFORM_REQUIRE_TERRAFORM must be 1 or 0, got "${env.LAMBDAFORM_REQUIRE_TERRAFORM}"`);
}

/**
 * Why Terraform found no aws provider offline, as an instruction a newcomer can follow. The usual
 * cause is its CLI config: absent, or named by TF_CLI_CONFIG_FILE but never written.
 */
export function providerHint(pluginDir: string | undefined, terraformError: string, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const fix = "write a CLI config with a filesystem_mirror (see README \"Terraform checks\") or pass --plugin-dir";
  if (pluginDir) {
    return `--plugin-dir ${pluginDir} holds no usable aws provider (Terraform looks for registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/ in it): ${terraformError}`;
  }
  const configured = env.TF_CLI_CONFIG_FILE;
  if (configured && !existsSync(configured)) return `TF_CLI_CONFIG_FILE names ${configured}, which does not exist: ${fix}`;
  const rc = path.join(home, ".terraformrc");
  if (!configured && !existsSync(rc) && !env.TF_PLUGIN_CACHE_DIR) {
    return `Terraform has no CLI config (TF_CLI_CONFIG_FILE is not set and ${rc} does not exist) to find the aws provider offline: ${fix}`;
  }
  const where = configured ? `the CLI config ${configured}` : existsSync(rc) ? `the CLI config ${rc}` : `TF_PLUGIN_CACHE_DIR ${env.TF_PLUGIN_CACHE_DIR}`;
  return `${terraformError}; ${where} gives Terraform no aws provider it can install offline: add a filesystem_mirror or plugin_cache_dir holding hashicorp/aws (see README "Terraform checks") or pass --plugin-dir`;
}
