import { createHash } from "node:crypto";
import { existsSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execaSync } from "execa";

export interface TerraformSetup {
  available: boolean;
  /** Why the terraform step will be skipped, when it will. */
  reason: string;
}

/**
 * Makes Terraform find providers offline, the way a user or CI would: an existing
 * TF_CLI_CONFIG_FILE is kept; else, when LAMBDAFORM_TF_MIRROR names a provider mirror, a
 * temporary CLI config with a filesystem_mirror is exported.
 */
export function setupTerraform(): TerraformSetup {
  try {
    execaSync("terraform", ["version"], { stdin: "ignore" });
  } catch {
    return { available: false, reason: "terraform is not on PATH" };
  }
  const configured = process.env.TF_CLI_CONFIG_FILE;
  if (configured && existsSync(configured)) return { available: true, reason: `providers from ${configured}` };
  // No machine path is assumed: Terraform's own CLI config (as .ci/run writes one) or a mirror named here.
  const mirror = process.env.LAMBDAFORM_TF_MIRROR;
  if (!mirror) return { available: false, reason: "no TF_CLI_CONFIG_FILE and no LAMBDAFORM_TF_MIRROR: Terraform cannot find providers offline" };
  if (!existsSync(mirror)) return { available: false, reason: `no provider mirror at ${mirror}` };
  // One file per mirror, written atomically: every test file (and run) shares it, nothing piles up.
  const config = path.join(os.tmpdir(), `lambdaform-terraformrc-${createHash("sha256").update(mirror).digest("hex").slice(0, 12)}`);
  const staging = `${config}.${process.pid}`;
  writeFileSync(staging, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
  renameSync(staging, config);
  process.env.TF_CLI_CONFIG_FILE = config;
  return { available: true, reason: `providers from the mirror ${mirror}` };
}
