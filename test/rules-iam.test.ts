import { describe, expect, it } from "vitest";
import { add, address, body, expectAllPass, expectFailure, fixture, fixtureNames, run } from "./rules-support.js";

describe("generated stacks", () => {
  it.each(fixtureNames)("%s passes every rule", (name) => {
    expectAllPass(fixture(name));
  });
});

describe("LF001 no wildcard actions", () => {
  it("fails on service:* in a jsonencode policy", () => {
    const fx = fixture("all-node");
    const policy = body(fx, "aws_iam_role_policy", "api_grant-table_");
    policy.policy = policy.policy.replace('"dynamodb:PutItem"', '"dynamodb:*"');
    expectFailure(fx, "LF001", address(fx, "aws_iam_role_policy", "api_grant-table_"), { message: /dynamodb:\*/ });
  });

  it("fails on a partial wildcard such as dynamodb:Get*", () => {
    const fx = fixture("http-api-node");
    const policy = body(fx, "aws_iam_role_policy", "api_grant-table-read");
    policy.policy = policy.policy.replace('"dynamodb:GetItem"', '"dynamodb:Get*"');
    expectFailure(fx, "LF001", address(fx, "aws_iam_role_policy", "api_grant-table-read"));
  });

  it("fails on NotAction in a JSON.stringify policy", () => {
    const fx = fixture("http-api-node");
    const policy = body(fx, "aws_iam_role_policy", "api_grant-queue");
    policy.policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", NotAction: ["iam:*"], Resource: ["${aws_sqs_queue.queue_B29D2436.arn}"] }],
    });
    expectFailure(fx, "LF001", address(fx, "aws_iam_role_policy", "api_grant-queue"), { message: /NotAction/ });
  });

  it("fails on a wildcard in an aws_iam_policy_document data source the role policy uses", () => {
    const fx = fixture("http-api-node");
    fx.stack.data = {
      aws_iam_policy_document: {
        wide: { statement: [{ effect: "Allow", actions: ["sqs:*"], resources: ["${aws_sqs_queue.queue_B29D2436.arn}"] }] },
      },
    };
    body(fx, "aws_iam_role_policy", "api_grant-queue").policy = "${data.aws_iam_policy_document.wide.json}";
    expectFailure(fx, "LF001", address(fx, "aws_iam_role_policy", "api_grant-queue"), { message: /sqs:\*/ });
  });

  it("fails on a policy it cannot read, rather than passing it", () => {
    const fx = fixture("http-api-node");
    body(fx, "aws_iam_role_policy", "api_grant-queue").policy = "${file(\"policy.json\")}";
    expectFailure(fx, "LF001", address(fx, "aws_iam_role_policy", "api_grant-queue"), { message: /cannot read/, alsoFails: ["LF002"] });
  });

  it("ignores Deny statements (a TLS-only bucket policy denies s3:*)", () => {
    const fx = fixture("http-api-node");
    const policy = body(fx, "aws_iam_role_policy", "api_grant-queue");
    policy.policy = policy.policy.replace('"Statement" = [', '"Statement" = [{"Effect" = "Deny", "Action" = "*", "Resource" = "*"}, ');
    expectAllPass(fx);
  });

  it("checks customer managed policies attached to roles", () => {
    const fx = fixture("http-api-node");
    add(fx, "aws_iam_policy", "extra", { policy: '${jsonencode({"Statement" = [{"Effect" = "Allow", "Action" = "*", "Resource" = aws_sqs_queue.queue_B29D2436.arn}]})}' });
    add(fx, "aws_iam_role_policy_attachment", "extra", { role: "${aws_iam_role.api_role_47A338DA.name}", policy_arn: "${aws_iam_policy.extra.arn}" });
    expectFailure(fx, "LF001", "aws_iam_policy.extra", { message: /role aws_iam_role\.api_role_47A338DA/ });
  });
});

describe("LF002 no * resources", () => {
  it("allows * for X-Ray (the generated tracing grant)", () => {
    const fx = fixture("all-node");
    expect(body(fx, "aws_iam_role_policy", "api_grant-tracing").policy).toContain('"Resource" = ["*"]');
    expectAllPass(fx);
  });

  it("fails when a scopeable action gets *", () => {
    const fx = fixture("all-node");
    const policy = body(fx, "aws_iam_role_policy", "worker_grant-table");
    policy.policy = policy.policy.replace(/"Resource" = \[[^\]]*\]/, '"Resource" = ["*"]');
    expectFailure(fx, "LF002", address(fx, "aws_iam_role_policy", "worker_grant-table"), { message: /dynamodb:PutItem on \*/ });
  });

  it("names only the actions that are not allowlisted", () => {
    const fx = fixture("http-api-node");
    const policy = body(fx, "aws_iam_role_policy", "api_grant-tracing");
    policy.policy = policy.policy.replace('"xray:PutTelemetryRecords"', '"xray:PutTelemetryRecords", "s3:GetObject"');
    const hit = expectFailure(fx, "LF002", address(fx, "aws_iam_role_policy", "api_grant-tracing"));
    expect(hit.message).toMatch(/^allows s3:GetObject on \*/);
  });

  it("treats an ARN that is all wildcard (arn:aws:s3:::*) as *", () => {
    const fx = fixture("http-api-node");
    const policy = body(fx, "aws_iam_role_policy", "api_grant-bucket_");
    policy.policy = policy.policy.replace(/"Resource" = \[[^\]]*\]/, '"Resource" = ["arn:aws:s3:::*"]');
    expectFailure(fx, "LF002", address(fx, "aws_iam_role_policy", "api_grant-bucket_"));
  });
});

describe("LF003 logs only to the function's own group", () => {
  it("fails when a function role may write to another log group", () => {
    const fx = fixture("all-node");
    const policy = body(fx, "aws_iam_role_policy", "api_grant-logs");
    policy.policy = policy.policy.replace("aws_cloudwatch_log_group.api_logs_F993657F", "aws_cloudwatch_log_group.worker_logs_477C8590");
    expectFailure(fx, "LF003", address(fx, "aws_iam_role_policy", "api_grant-logs"), { message: /worker_logs/ });
  });

  it("fails when logs actions are granted on every log group", () => {
    const fx = fixture("http-api-node");
    const policy = body(fx, "aws_iam_role_policy", "api_grant-logs");
    policy.policy = policy.policy.replace(/"Resource" = \[[^\]]*\]/, '"Resource" = ["arn:aws:logs:*:*:log-group:*"]');
    expectFailure(fx, "LF003", address(fx, "aws_iam_role_policy", "api_grant-logs"));
  });

  it("fails when a function has no log group of its own", () => {
    const fx = fixture("http-api-node");
    const fn = body(fx, "aws_lambda_function", "api_function");
    delete fn.logging_config;
    fn.function_name = "renamed";
    expectFailure(fx, "LF003", address(fx, "aws_lambda_function", "api_function"), { message: /no aws_cloudwatch_log_group/ });
  });

  it("accepts the literal ARN of the function's own group", () => {
    const fx = fixture("http-api-node");
    const policy = body(fx, "aws_iam_role_policy", "api_grant-logs");
    const group = body(fx, "aws_cloudwatch_log_group", "api_logs").name;
    policy.policy = policy.policy.replace(/"Resource" = \[[^\]]*\]/, `"Resource" = ["arn:aws:logs:us-east-1:123456789012:log-group:${group}:*"]`);
    expectAllPass(fx);
  });
});

describe("LF004 no AWS managed policies on function roles", () => {
  it("accepts the API Gateway logging role's managed policy (not a function role; only with --rest-account-logging)", () => {
    const fx = fixture("opt-in-node");
    expect(body(fx, "aws_iam_role_policy_attachment").policy_arn).toContain("AmazonAPIGatewayPushToCloudWatchLogs");
    expectAllPass(fx);
  });

  it("fails on AWSLambdaBasicExecutionRole attached to a function role", () => {
    const fx = fixture("http-api-node");
    const at = add(fx, "aws_iam_role_policy_attachment", "basic", {
      role: "${aws_iam_role.api_role_47A338DA.name}",
      policy_arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    });
    expectFailure(fx, "LF004", at, { message: /AWSLambdaBasicExecutionRole/ });
  });

  it("fails on AdministratorAccess on any role, partition written as a reference", () => {
    const fx = fixture("opt-in-node");
    body(fx, "aws_iam_role_policy_attachment").policy_arn = "arn:${data.aws_partition.api-gateway-logging_partition_F55975E6.partition}:iam::aws:policy/AdministratorAccess";
    expectFailure(fx, "LF004", address(fx, "aws_iam_role_policy_attachment"), { message: /AdministratorAccess/ });
  });

  it("reads managed_policy_arns on the role itself", () => {
    const fx = fixture("http-api-node");
    body(fx, "aws_iam_role", "api_role").managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3FullAccess"];
    expectFailure(fx, "LF004", address(fx, "aws_iam_role", "api_role"));
  });
});

describe("results", () => {
  it("name the Terraform address and the role", () => {
    const fx = fixture("http-api-node");
    const policy = body(fx, "aws_iam_role_policy", "api_grant-topic");
    policy.policy = policy.policy.replace('"sns:Publish"', '"sns:*"');
    const hit = run(fx).find((r) => r.status === "failed")!;
    expect(hit).toMatchObject({ rule: "LF001", resource: "aws_iam_role_policy.api_grant-topic_F7258FEA" });
    expect(hit.message).toContain("role aws_iam_role.api_role_47A338DA");
  });
});
