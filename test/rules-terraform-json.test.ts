import { describe, expect, it } from "vitest";
import { decodeJsonArgument, evaluateHcl } from "../src/verify/rules/hcl.js";
import { readPolicy } from "../src/verify/rules/policy.js";
import { interpolations, TerraformJson } from "../src/verify/stack/terraform-json.js";
import { body, fixture } from "./rules-support.js";

describe("decodeJsonArgument (policy and redrive strings as cdktf 0.21 writes them)", () => {
  it("reads Fn.jsonencode output with references as bare traversals and inside strings", () => {
    const fx = fixture("all-node");
    expect(decodeJsonArgument(body(fx, "aws_sqs_queue", "worker-sqs_source_queue").redrive_policy)).toEqual({
      deadLetterTargetArn: "${aws_sqs_queue.worker-sqs_source_dlq_CCA1C500.arn}",
      maxReceiveCount: 5,
    });
    expect(decodeJsonArgument(body(fx, "aws_iam_role_policy", "api_grant-logs").policy)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: ["${aws_cloudwatch_log_group.api_logs_F993657F.arn}:*"] }],
    });
  });

  it("reads JSON.stringify output", () => {
    expect(decodeJsonArgument('{"Statement":[{"Resource":"${aws_s3_bucket.b.arn}/*"}]}')).toEqual({ Statement: [{ Resource: "${aws_s3_bucket.b.arn}/*" }] });
  });

  it("keeps quotes and unknown escapes cdktf leaves unescaped, reads HCL escapes and literal $${", () => {
    const source = '${jsonencode({"a" = "say "hi"", "b" = "C:\\\\temp\\q", "c" = "x$${y}", "d" = true, "e" = -1.5, "f" = null})}';
    expect(decodeJsonArgument(source)).toEqual({ a: 'say "hi"', b: "C:\\temp\\q", c: "x${y}", d: true, e: -1.5, f: null });
  });

  it("evaluates concat and keeps what it cannot evaluate as ${...} text", () => {
    expect(evaluateHcl('concat(["a"], [aws_sqs_queue.q.arn])')).toEqual(["a", "${aws_sqs_queue.q.arn}"]);
    expect(evaluateHcl('{"a" = var.x == "y" ? "b" : "c", "k" = replace("a}b", "}", "x"), "i" = aws_x.y[0].arn}')).toEqual({
      a: '${var.x == "y" ? "b" : "c"}',
      k: '${replace("a}b", "}", "x")}',
      i: "${aws_x.y[0].arn}",
    });
    expect(evaluateHcl('"${upper("q}")}-x"')).toBe('${upper("q}")}-x');
  });

  it("returns undefined for what is neither", () => {
    expect(decodeJsonArgument("${file(\"p.json\")}")).toBeUndefined();
    expect(decodeJsonArgument("not json")).toBeUndefined();
  });
});

describe("TerraformJson", () => {
  it("lists resources by type with their addresses", () => {
    const tf = new TerraformJson(fixture("http-api-node").stack);
    expect(tf.resources("aws_lambda_function").map((r) => r.address)).toEqual(["aws_lambda_function.api_function_AF620FF3"]);
    expect(tf.resources("aws_nothing")).toEqual([]);
  });

  it("resolves references to the resource they point at, data sources included", () => {
    const tf = new TerraformJson(fixture("all-node").stack);
    const permission = tf.resources("aws_lambda_permission").find((p) => p.name.startsWith("objects-s3"))!;
    expect(tf.resolve(permission.body.source_arn)?.address).toBe("aws_s3_bucket.objects-s3_source_bucket_4FBAFCCA");
    expect(tf.refs(permission.body.source_account)).toEqual([
      { address: "data.aws_caller_identity.objects-s3_account_B97D843B", type: "aws_caller_identity", name: "objects-s3_account_B97D843B", mode: "data", attr: "account_id" },
    ]);
    expect(tf.lambdaFunction(permission.body.function_name)?.fn.address).toBe("aws_lambda_function.objects_function_55ABA844");
  });

  it("finds functions by literal name or ARN, and through aliases", () => {
    const fx = fixture("http-api-node");
    fx.stack.resource.aws_lambda_alias = { live: { name: "live", function_name: "${aws_lambda_function.api_function_AF620FF3.function_name}" } };
    const tf = new TerraformJson(fx.stack);
    const fn = "aws_lambda_function.api_function_AF620FF3";
    expect(tf.lambdaFunction("lf-http-api-node-api")?.fn.address).toBe(fn);
    expect(tf.lambdaFunction("arn:aws:lambda:us-east-1:123456789012:function:lf-http-api-node-api:live")?.fn.address).toBe(fn);
    const viaAlias = tf.lambdaFunction("${aws_lambda_alias.live.arn}");
    expect([viaAlias?.fn.address, viaAlias?.alias?.address]).toEqual([fn, "aws_lambda_alias.live"]);
  });

  it("lists every function a value points at, and the references it cannot resolve", () => {
    const fx = fixture("http-api-node");
    fx.stack.resource.aws_lambda_alias = { live: { name: "live", function_name: "lf-http-api-node-api" } };
    const tf = new TerraformJson(fx.stack);
    const fn = tf.resources("aws_lambda_function")[0];
    expect(tf.functions({ arn: "${aws_lambda_alias.live.arn}", input: "{}" })).toEqual([fn]);
    expect(tf.functions(["123456789012:function:lf-http-api-node-api", "${aws_lambda_function.ghost.arn}"])).toEqual([fn]);
    expect(tf.lambdaFunction("123456789012:function:lf-http-api-node-api:live")?.fn).toBe(fn);
    expect(tf.unresolved("${aws_lambda_function.ghost.arn} ${data.aws_lambda_function.x.arn}", ["aws_lambda_function"]).map((r) => r.address)).toEqual([
      "aws_lambda_function.ghost",
    ]);
  });

  it("splits interpolations, skipping $${ and braces inside strings", () => {
    expect(interpolations('a ${x.y} $${not} ${f("}")} b')).toEqual(["x.y", 'f("}")']);
  });

  it("reads aws_iam_policy_document data sources as policies", () => {
    const fx = fixture("http-api-node");
    fx.stack.data = {
      aws_iam_policy_document: {
        doc: { statement: [{ actions: ["s3:GetObject"], resources: ["${aws_s3_bucket.bucket_255272FC.arn}/*"], condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["true"] }] }] },
      },
    };
    const policy = readPolicy(new TerraformJson(fx.stack), "${data.aws_iam_policy_document.doc.json}");
    expect(policy).toEqual({
      statements: [{
        effect: "Allow", actions: ["s3:GetObject"], notActions: [], resources: ["${aws_s3_bucket.bucket_255272FC.arn}/*"], notResources: [], principals: [],
        condition: { Bool: { "aws:SecureTransport": ["true"] } },
      }],
    });
  });
});
