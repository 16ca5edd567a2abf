import { readPolicy, type Statement } from "./policy.js";
import { block, blocks, isSet, isTrue, literalNumber, type TerraformJson, type TfResource } from "../stack/terraform-json.js";
import type { Finding, Rule } from "./types.js";

/** Runs `check` on every resource of one type; it returns a message when the resource fails. */
function eachResource(tf: TerraformJson, type: string, check: (r: TfResource) => string | undefined): Finding[] {
  return tf.resources(type).flatMap((r) => {
    const message = check(r);
    return message ? [{ resource: r.address, message }] : [];
  });
}

export const sqsEncrypted: Rule = {
  id: "LF020",
  description: "SQS queues are encrypted at rest (SSE-SQS or KMS)",
  check: (tf) =>
    eachResource(tf, "aws_sqs_queue", (q) =>
      isTrue(q.body.sqs_managed_sse_enabled) || isSet(q.body.kms_master_key_id)
        ? undefined
        : "is not encrypted at rest: set sqs_managed_sse_enabled = true or kms_master_key_id",
    ),
};

export const snsEncrypted: Rule = {
  id: "LF021",
  description: "SNS topics are encrypted at rest with KMS",
  check: (tf) =>
    eachResource(tf, "aws_sns_topic", (t) =>
      isSet(t.body.kms_master_key_id) ? undefined : 'is not encrypted at rest: set kms_master_key_id (e.g. "alias/aws/sns")',
    ),
};

export const dynamodbEncrypted: Rule = {
  id: "LF022",
  description: "DynamoDB tables are encrypted with KMS (server_side_encryption enabled)",
  check: (tf) =>
    eachResource(tf, "aws_dynamodb_table", (t) =>
      isTrue(block(t.body.server_side_encryption)?.enabled)
        ? undefined
        : "uses the AWS owned key only: set server_side_encryption { enabled = true } for a KMS key you can audit",
    ),
};

export const dynamodbPointInTimeRecovery: Rule = {
  id: "LF023",
  description: "DynamoDB tables have point-in-time recovery",
  check: (tf) =>
    eachResource(tf, "aws_dynamodb_table", (t) =>
      isTrue(block(t.body.point_in_time_recovery)?.enabled)
        ? undefined
        : "has no point-in-time recovery: a bad deploy or a wrong delete cannot be undone (point_in_time_recovery { enabled = true })",
    ),
};

/** The bucket-level resources (`aws_s3_bucket_*` with a `bucket` argument) that configure a bucket. */
function configOf(tf: TerraformJson, type: string, bucket: TfResource): TfResource[] {
  return tf.resources(type).filter((c) => tf.bucket(c.body.bucket)?.address === bucket.address);
}

export const s3Encrypted: Rule = {
  id: "LF024",
  description: "S3 buckets have a default encryption configuration",
  check: (tf) =>
    eachResource(tf, "aws_s3_bucket", (b) => {
      const configured = configOf(tf, "aws_s3_bucket_server_side_encryption_configuration", b).some((c) =>
        blocks(c.body.rule).some((r) => isSet(block(r.apply_server_side_encryption_by_default)?.sse_algorithm)),
      );
      const legacy = isSet(block(block(block(b.body.server_side_encryption_configuration)?.rule)?.apply_server_side_encryption_by_default)?.sse_algorithm);
      return configured || legacy ? undefined : "has no aws_s3_bucket_server_side_encryption_configuration";
    }),
};

const publicAccessFlags = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

export const s3BlocksPublicAccess: Rule = {
  id: "LF025",
  description: "S3 buckets block all public access (all four public access block settings)",
  check(tf) {
    const account = tf.resources("aws_s3_account_public_access_block").some((a) => publicAccessFlags.every((f) => isTrue(a.body[f])));
    if (account) return [];
    return eachResource(tf, "aws_s3_bucket", (b) => {
      const blocksFor = configOf(tf, "aws_s3_bucket_public_access_block", b);
      if (blocksFor.length === 0) return "has no aws_s3_bucket_public_access_block";
      const missing = publicAccessFlags.filter((f) => !blocksFor.some((p) => isTrue(p.body[f])));
      return missing.length > 0 ? `public access block leaves ${missing.join(", ")} off` : undefined;
    });
  },
};

function deniesInsecureTransport(s: Statement): boolean {
  const falseValues = s.condition.Bool?.["aws:SecureTransport"] ?? [];
  return (
    s.effect === "Deny" &&
    s.principals.includes("*") &&
    s.actions.some((a) => a === "*" || a === "s3:*") &&
    falseValues.some((v) => v === "false")
  );
}

export const s3DeniesInsecureTransport: Rule = {
  id: "LF026",
  description: "S3 buckets deny requests without TLS (bucket policy denying aws:SecureTransport false)",
  check: (tf) =>
    eachResource(tf, "aws_s3_bucket", (b) => {
      const policies = [...configOf(tf, "aws_s3_bucket_policy", b).map((p) => p.body.policy), ...(b.body.policy ? [b.body.policy] : [])];
      const ok = policies.some((value) => {
        const doc = readPolicy(tf, value);
        return "statements" in doc && doc.statements.some(deniesInsecureTransport);
      });
      return ok ? undefined : 'has no bucket policy denying s3:* to "*" when aws:SecureTransport is "false"';
    }),
};

export const logRetention: Rule = {
  id: "LF027",
  description: "CloudWatch log groups have a retention period",
  check: (tf) =>
    eachResource(tf, "aws_cloudwatch_log_group", (g) => {
      const days = literalNumber(g.body.retention_in_days);
      return days === undefined && isSet(g.body.retention_in_days)
        ? undefined // a variable or reference: set, just not known here
        : !days
          ? "keeps logs forever: set retention_in_days"
          : undefined;
    }),
};

export const storageRules: Rule[] = [
  sqsEncrypted, snsEncrypted, dynamodbEncrypted, dynamodbPointInTimeRecovery, s3Encrypted, s3BlocksPublicAccess, s3DeniesInsecureTransport, logRetention,
];
