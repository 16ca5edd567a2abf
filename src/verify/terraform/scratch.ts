import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** The constraint tried when the exact pinned provider is not installable offline. */
export const relaxedConstraint = ">= 5.0, < 7.0";

/**
 * Copies a stack folder to a scratch folder, without state, earlier Terraform working files or
 * a `cdk.tf` left by `synth --hcl` (it would declare every resource twice beside cdk.tf.json).
 */
export function copyStack(stackDir: string): string {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "lambdaform-tf-"));
  cpSync(stackDir, scratch, {
    recursive: true,
    filter: (source) => {
      const base = path.basename(source);
      return base !== ".terraform" && base !== ".terraform.lock.hcl" && base !== "cdk.tf" && !base.includes(".tfstate");
    },
  });
  return scratch;
}

/** The `aws` provider constraint the stack asks for, e.g. "6.25.0". */
export function pinnedAwsVersion(stack: any): string | undefined {
  return stack?.terraform?.required_providers?.aws?.version;
}

/** An override file that relaxes the aws provider constraint (in the scratch copy only). */
export function writeVersionOverride(scratch: string, stack: any): void {
  const source = stack?.terraform?.required_providers?.aws?.source ?? "aws";
  const override = { terraform: { required_providers: { aws: { source, version: relaxedConstraint } } } };
  writeFileSync(path.join(scratch, "version_override.tf.json"), JSON.stringify(override, null, 2) + "\n");
}

/** The aws provider version `terraform init` chose, from .terraform.lock.hcl. */
export function lockedAwsVersion(scratch: string): string | undefined {
  const lock = path.join(scratch, ".terraform.lock.hcl");
  if (!existsSync(lock)) return undefined;
  const match = readFileSync(lock, "utf8").match(/provider "[^"]*\/hashicorp\/aws" \{\s*version\s*=\s*"([^"]+)"/);
  return match?.[1];
}

/** True when terraform init failed because a provider could not be found or downloaded. */
export function isProviderInstallError(output: string): boolean {
  return /Failed to (query available provider packages|install provider|resolve provider packages)|could not connect to registry|no available releases match|Incompatible provider version|Failed to read any lock file/i.test(
    output,
  );
}

/** "Error: <summary>" and the paragraph after it, as one line. */
export function firstError(output: string): string {
  const lines = output.split("\n").map((l) => l.replace(/^[│╷╵\s]+/, "").trim());
  const at = lines.findIndex((l) => l.startsWith("Error: "));
  if (at < 0) return lines.filter(Boolean).at(-1) ?? "no output";
  let start = at + 1;
  while (start < lines.length && (lines[start] === "" || /^(with|on) /.test(lines[start]!))) start++;
  const end = lines.indexOf("", start);
  const paragraph = lines.slice(start, end < 0 ? undefined : end).filter((l) => !/^\d+:/.test(l)).join(" ");
  return paragraph ? `${lines[at]!.slice(7)}: ${paragraph}` : lines[at]!.slice(7);
}
