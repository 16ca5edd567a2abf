import { describe, expect, it } from "vitest";
import { add, address, body, expectAllPass, expectFailure, fixture, remove, run } from "./rules-support.js";

describe("LF010 permissions name their source", () => {
  it("fails on an API Gateway permission without source_arn", () => {
    const fx = fixture("all-node");
    delete body(fx, "aws_lambda_permission", "api-http-api").source_arn;
    expectFailure(fx, "LF010", address(fx, "aws_lambda_permission", "api-http-api"), { message: /apigateway\.amazonaws\.com.*any source/ });
  });

  it("fails on an S3 permission without source_account", () => {
    const fx = fixture("all-node");
    delete body(fx, "aws_lambda_permission", "objects-s3").source_account;
    expectFailure(fx, "LF010", address(fx, "aws_lambda_permission", "objects-s3"), { message: /source_account/ });
  });

  it("fails on a source_arn that matches every bucket", () => {
    const fx = fixture("all-node");
    body(fx, "aws_lambda_permission", "objects-s3").source_arn = "arn:aws:s3:::*";
    expectFailure(fx, "LF010", address(fx, "aws_lambda_permission", "objects-s3"), { message: /every resource/ });
  });

  it("leaves account principals alone (they are specific)", () => {
    const fx = fixture("http-api-node");
    add(fx, "aws_lambda_permission", "other_account", {
      action: "lambda:InvokeFunction",
      function_name: "${aws_lambda_function.api_function_AF620FF3.function_name}",
      principal: "123456789012",
    });
    expectAllPass(fx);
  });

  it("passes a public URL's two grants with a note when the spec sets auth NONE", () => {
    const fx = fixture("url-public-node");
    const notes = run(fx).filter((r) => r.rule === "LF010");
    expect(notes.map((r) => r.status)).toEqual(["passed", "passed"]);
    expect(notes.map((r) => r.resource).sort()).toEqual([
      address(fx, "aws_lambda_permission", "public-invoke"),
      address(fx, "aws_lambda_permission", "public-url"),
    ]);
    expect(notes.find((r) => r.resource!.includes("public-invoke"))!.message).toMatch(/invoked_via_function_url/);
  });

  it("fails a public URL's grants when the spec asks for AWS_IAM", () => {
    const fx = fixture("url-public-node");
    fx.manifest.spec.functions[0]!.options.auth = "AWS_IAM";
    const failures = run(fx).filter((r) => r.status === "failed");
    expect(failures.map((r) => `${r.rule} ${r.resource}`).sort()).toEqual([
      `LF010 ${address(fx, "aws_lambda_permission", "public-invoke")}`,
      `LF010 ${address(fx, "aws_lambda_permission", "public-url")}`,
      `LF032 ${address(fx, "aws_lambda_function_url")}`,
    ]);
  });

  it("fails an unscoped public invoke grant on a function with no public URL", () => {
    const fx = fixture("http-api-node");
    const at = add(fx, "aws_lambda_permission", "anyone", {
      action: "lambda:InvokeFunction",
      function_name: "${aws_lambda_function.api_function_AF620FF3.function_name}",
      principal: "*",
    });
    expectFailure(fx, "LF010", at, { message: /lets \* invoke/ });
  });
});

describe("LF011 async invocations keep failed events", () => {
  it.each([
    ["S3 notification", "objects_async", "objects_function"],
    ["SNS subscription", "notifications_async", "notifications_function"],
    ["EventBridge target", "events_async", "events_function"],
    ["Scheduler schedule", "job_async", "job_function"],
  ])("fails for a function behind a %s without an on-failure destination", (_via, config, fn) => {
    const fx = fixture("all-node");
    remove(fx, address(fx, "aws_lambda_function_event_invoke_config", config));
    expectFailure(fx, "LF011", address(fx, "aws_lambda_function", fn), { message: /asynchronously/ });
  });

  it("fails when the invoke config has no on-failure destination", () => {
    const fx = fixture("all-node");
    delete body(fx, "aws_lambda_function_event_invoke_config", "objects_async").destination_config;
    expectFailure(fx, "LF011", address(fx, "aws_lambda_function", "objects_function"), { message: /no on-failure destination/ });
  });

  it("accepts a dead-letter queue on the function instead", () => {
    const fx = fixture("all-node");
    remove(fx, address(fx, "aws_lambda_function_event_invoke_config", "objects_async"));
    body(fx, "aws_lambda_function", "objects_function").dead_letter_config = { target_arn: "${aws_sqs_queue.objects_failures_CD3C2272.arn}" };
    expectAllPass(fx);
  });

  it("wants the config on the alias when the trigger targets an alias", () => {
    const fx = fixture("all-node");
    add(fx, "aws_lambda_alias", "live", { name: "live", function_name: "${aws_lambda_function.objects_function_55ABA844.function_name}", function_version: "1" });
    body(fx, "aws_s3_bucket_notification").lambda_function[0].lambda_function_arn = "${aws_lambda_alias.live.arn}";
    expectFailure(fx, "LF011", address(fx, "aws_lambda_function", "objects_function"), { message: /alias aws_lambda_alias\.live/ });
    body(fx, "aws_lambda_function_event_invoke_config", "objects_async").qualifier = "${aws_lambda_alias.live.name}";
    expectAllPass(fx);
  });
});

describe("LF012 SQS event sources", () => {
  it("fails on a source queue without a redrive policy", () => {
    const fx = fixture("all-node");
    delete body(fx, "aws_sqs_queue", "worker-sqs_source_queue").redrive_policy;
    expectFailure(fx, "LF012", address(fx, "aws_sqs_queue", "worker-sqs_source_queue"), { message: /redrive/ });
  });

  it("accepts a separate aws_sqs_queue_redrive_policy", () => {
    const fx = fixture("all-node");
    const queue = body(fx, "aws_sqs_queue", "worker-sqs_source_queue");
    add(fx, "aws_sqs_queue_redrive_policy", "worker", { queue_url: "${aws_sqs_queue.worker-sqs_source_queue_465DD44F.id}", redrive_policy: queue.redrive_policy });
    delete queue.redrive_policy;
    expectAllPass(fx);
  });

  it("fails when the visibility timeout is under 6 × the function timeout", () => {
    const fx = fixture("all-node");
    body(fx, "aws_lambda_function", "worker_function").timeout = 11;
    expectFailure(fx, "LF012", address(fx, "aws_sqs_queue", "worker-sqs_source_queue"), { message: /60s is less than 6 × the 11s timeout/ });
  });

  it("counts the SQS default visibility timeout (30 s) when it is unset", () => {
    const fx = fixture("all-node");
    delete body(fx, "aws_sqs_queue", "worker-sqs_source_queue").visibility_timeout_seconds;
    expectFailure(fx, "LF012", address(fx, "aws_sqs_queue", "worker-sqs_source_queue"), { message: /30s/ });
  });
});

describe("LF013 stream event sources", () => {
  it("fails when retries are unbounded", () => {
    const fx = fixture("all-node");
    body(fx, "aws_lambda_event_source_mapping", "dynamodb-stream").maximum_retry_attempts = -1;
    expectFailure(fx, "LF013", address(fx, "aws_lambda_event_source_mapping", "dynamodb-stream"), { message: /maximum_retry_attempts/ });
  });

  it("fails without an on-failure destination", () => {
    const fx = fixture("all-node");
    delete body(fx, "aws_lambda_event_source_mapping", "dynamodb-stream").destination_config;
    expectFailure(fx, "LF013", address(fx, "aws_lambda_event_source_mapping", "dynamodb-stream"), { message: /on_failure/ });
  });
});
