import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { LambdaformError } from "../errors.js";

/**
 * The Terraform that makes a state bucket: versioned (an older state can be restored),
 * encrypted, closed to the public, and refused by `terraform destroy` (prevent_destroy). It is
 * applied by Terraform itself with the same provider as the stack, from its own folder and
 * local state under .lambdaform/ (the bucket cannot hold the state that creates it).
 */
export function stateBucketConfig(bucket: string, region: string, emulated: boolean): object {
  const ref = "${aws_s3_bucket.state.id}";
  return {
    provider: { aws: [{ region, ...(emulated ? { s3_use_path_style: true, skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true } : {}) }] },
    resource: {
      aws_s3_bucket: { state: { bucket, lifecycle: { prevent_destroy: true }, tags: { ManagedBy: "lambdaform", Purpose: "terraform-state" } } },
      aws_s3_bucket_versioning: { state: { bucket: ref, versioning_configuration: { status: "Enabled" } } },
      aws_s3_bucket_server_side_encryption_configuration: {
        state: { bucket: ref, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true }] },
      },
      aws_s3_bucket_public_access_block: {
        state: { bucket: ref, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
      },
    },
  };
}

export async function createStateBucket(o: { dir: string; bucket: string; region: string; env: NodeJS.ProcessEnv; emulated: boolean; signal?: AbortSignal }): Promise<void> {
  const work = path.join(o.dir, ".lambdaform", "state-bucket", o.bucket);
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(work, "main.tf.json"), JSON.stringify(stateBucketConfig(o.bucket, o.region, o.emulated), null, 2));
  for (const args of [["init", "-input=false"], ["apply", "-input=false", "-auto-approve"]]) {
    const code = await new Promise<number>((resolve) => {
      const child = spawn("terraform", args, { cwd: work, env: o.env, stdio: ["ignore", process.stderr, "inherit"], signal: o.signal });
      child.on("error", () => resolve(127));
      child.on("close", (status) => resolve(status ?? 1));
    });
    if (code !== 0) {
      throw new LambdaformError("deployFailed", `could not create the state bucket ${o.bucket} (terraform ${args[0]} exited ${code}); nothing was deployed`);
    }
  }
}
