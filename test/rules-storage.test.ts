import { describe, it } from "vitest";
import { add, address, body, expectAllPass, expectFailure, fixture, remove } from "./rules-support.js";

describe("LF020 SQS encryption", () => {
  it("fails on a queue without SSE", () => {
    const fx = fixture("all-node");
    delete body(fx, "aws_sqs_queue", "queue_dlq").sqs_managed_sse_enabled;
    expectFailure(fx, "LF020", address(fx, "aws_sqs_queue", "queue_dlq"));
  });

  it("accepts a KMS key instead", () => {
    const fx = fixture("all-node");
    const queue = body(fx, "aws_sqs_queue", "queue_dlq");
    delete queue.sqs_managed_sse_enabled;
    queue.kms_master_key_id = "alias/aws/sqs";
    expectAllPass(fx);
  });
});

describe("LF021 SNS encryption", () => {
  it("fails on a topic without a KMS key", () => {
    const fx = fixture("all-node");
    delete body(fx, "aws_sns_topic", "notifications-sns").kms_master_key_id;
    expectFailure(fx, "LF021", address(fx, "aws_sns_topic", "notifications-sns"));
  });
});

describe("LF022 DynamoDB encryption", () => {
  it("fails when server_side_encryption is off", () => {
    const fx = fixture("all-node");
    body(fx, "aws_dynamodb_table", "table_").server_side_encryption = { enabled: false };
    expectFailure(fx, "LF022", address(fx, "aws_dynamodb_table", "table_"));
  });
});

describe("LF023 DynamoDB point-in-time recovery", () => {
  it("fails without point-in-time recovery", () => {
    const fx = fixture("all-node");
    delete body(fx, "aws_dynamodb_table", "dynamodb-stream").point_in_time_recovery;
    expectFailure(fx, "LF023", address(fx, "aws_dynamodb_table", "dynamodb-stream"));
  });
});

describe("LF024 S3 encryption", () => {
  it("fails when the bucket has no encryption configuration", () => {
    const fx = fixture("all-node");
    remove(fx, address(fx, "aws_s3_bucket_server_side_encryption_configuration", "objects-s3"));
    expectFailure(fx, "LF024", address(fx, "aws_s3_bucket", "objects-s3"));
  });

  it("fails when the configuration is for another bucket", () => {
    const fx = fixture("all-node");
    body(fx, "aws_s3_bucket_server_side_encryption_configuration", "objects-s3").bucket = "${aws_s3_bucket.bucket_255272FC.id}";
    expectFailure(fx, "LF024", address(fx, "aws_s3_bucket", "objects-s3"));
  });
});

describe("LF025 S3 public access block", () => {
  it.each(["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"])("fails when %s is off", (flag) => {
    const fx = fixture("all-node");
    body(fx, "aws_s3_bucket_public_access_block", "bucket_")[flag] = false;
    expectFailure(fx, "LF025", address(fx, "aws_s3_bucket", "bucket_"), { message: new RegExp(flag) });
  });

  it("fails without a public access block", () => {
    const fx = fixture("all-node");
    remove(fx, address(fx, "aws_s3_bucket_public_access_block", "bucket_"));
    expectFailure(fx, "LF025", address(fx, "aws_s3_bucket", "bucket_"));
  });

  it("accepts an account-level block", () => {
    const fx = fixture("all-node");
    remove(fx, address(fx, "aws_s3_bucket_public_access_block", "bucket_"));
    add(fx, "aws_s3_account_public_access_block", "account", { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expectAllPass(fx);
  });
});

describe("LF026 S3 TLS only", () => {
  it("fails without the bucket policy", () => {
    const fx = fixture("all-node");
    remove(fx, address(fx, "aws_s3_bucket_policy", "bucket_"));
    expectFailure(fx, "LF026", address(fx, "aws_s3_bucket", "bucket_"));
  });

  it("fails when the deny does not test aws:SecureTransport false", () => {
    const fx = fixture("all-node");
    const policy = body(fx, "aws_s3_bucket_policy", "objects-s3");
    policy.policy = policy.policy.replace('"aws:SecureTransport" = "false"', '"aws:SecureTransport" = "true"');
    expectFailure(fx, "LF026", address(fx, "aws_s3_bucket", "objects-s3"));
  });
});

describe("LF027 log retention", () => {
  it("fails on a log group that never expires", () => {
    const fx = fixture("opt-in-node");
    delete body(fx, "aws_cloudwatch_log_group", "rest-rest-api_execution-logs").retention_in_days;
    expectFailure(fx, "LF027", address(fx, "aws_cloudwatch_log_group", "rest-rest-api_execution-logs"));
  });

  it("fails on retention 0 (never expire)", () => {
    const fx = fixture("http-api-node");
    body(fx, "aws_cloudwatch_log_group", "api_logs").retention_in_days = 0;
    expectFailure(fx, "LF027", address(fx, "aws_cloudwatch_log_group", "api_logs"));
  });
});
