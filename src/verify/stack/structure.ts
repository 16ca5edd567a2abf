import { existsSync } from "node:fs";
import path from "node:path";
import type { TriggerId } from "../../catalog/trigger.js";
import { blocks, TerraformJson, type TfResource } from "./terraform-json.js";

/** A function lambdaform.json says the stack has, and its trigger. */
export interface ExpectedFunction {
  awsName: string;
  trigger: TriggerId;
}

/** Resources that invoke or feed a function, and the field that names the function. */
const invokers: Record<string, { field: string; mustTargetFunction: boolean }> = {
  aws_lambda_permission: { field: "function_name", mustTargetFunction: true },
  aws_lambda_event_source_mapping: { field: "function_name", mustTargetFunction: true },
  aws_lambda_function_url: { field: "function_name", mustTargetFunction: true },
  aws_apigatewayv2_integration: { field: "integration_uri", mustTargetFunction: false },
  aws_api_gateway_integration: { field: "uri", mustTargetFunction: false },
  aws_s3_bucket_notification: { field: "lambda_function", mustTargetFunction: false },
  aws_sns_topic_subscription: { field: "endpoint", mustTargetFunction: false },
  aws_scheduler_schedule: { field: "target", mustTargetFunction: false },
  aws_cloudwatch_event_target: { field: "arn", mustTargetFunction: false },
};

/** What each trigger needs in the stack, beside the function itself. */
export const triggerWiring: Record<TriggerId, string[]> = {
  "http-api": ["aws_apigatewayv2_integration", "aws_lambda_permission"],
  "rest-api": ["aws_api_gateway_integration", "aws_lambda_permission"],
  "function-url": ["aws_lambda_function_url"],
  s3: ["aws_s3_bucket_notification", "aws_lambda_permission"],
  sqs: ["aws_lambda_event_source_mapping"],
  "dynamodb-stream": ["aws_lambda_event_source_mapping"],
  sns: ["aws_sns_topic_subscription", "aws_lambda_permission"],
  schedule: ["aws_scheduler_schedule"],
  eventbridge: ["aws_cloudwatch_event_target", "aws_lambda_permission"],
};

/**
 * Structural problems of one synthesized stack: functions without role, log group or package,
 * invokers pointing nowhere, and manifest triggers without their wiring. Empty when sound.
 */
export function checkStack(stack: unknown, stackDir: string, expected: readonly ExpectedFunction[]): string[] {
  const tf = new TerraformJson(stack);
  const problems: string[] = [];
  for (const fn of tf.resources("aws_lambda_function")) problems.push(...checkFunction(tf, stackDir, fn));
  for (const layer of tf.resources("aws_lambda_layer_version")) {
    const problem = packageProblem(stackDir, layer.body.filename);
    if (problem) problems.push(`${layer.address}: ${problem}`);
  }
  for (const [type, { field, mustTargetFunction }] of Object.entries(invokers)) {
    for (const { address, body } of tf.resources(type)) {
      const target = field === "endpoint" && body.protocol !== "lambda" ? undefined : body[field];
      for (const ref of tf.unresolved(target, ["aws_lambda_function", "aws_lambda_alias"])) {
        problems.push(`${address} references ${ref.address}, which the stack does not define`);
      }
      if (mustTargetFunction && tf.functions(target).length === 0) {
        problems.push(`${address} does not point at a function of this stack (${field} = ${JSON.stringify(target)})`);
      }
    }
  }
  for (const want of expected) problems.push(...checkWiring(tf, want));
  return problems;
}

function checkFunction(tf: TerraformJson, stackDir: string, fn: TfResource): string[] {
  const { body } = fn;
  const label = `function ${typeof body.function_name === "string" ? body.function_name : fn.name}`;
  const problems: string[] = [];
  if (!tf.resolve(body.role, ["aws_iam_role"])) problems.push(`${label}: its role (${JSON.stringify(body.role)}) is not an aws_iam_role of the stack`);
  if (!hasLogGroup(tf, fn)) {
    problems.push(`${label}: no aws_cloudwatch_log_group named /aws/lambda/${body.function_name} or referenced by logging_config`);
  }
  const problem = packageProblem(stackDir, body.filename);
  if (problem) problems.push(`${label}: ${problem}`);
  return problems;
}

function hasLogGroup(tf: TerraformJson, fn: TfResource): boolean {
  if (tf.resources("aws_cloudwatch_log_group").some((g) => g.body.name === `/aws/lambda/${fn.body.function_name}`)) return true;
  const configured = blocks(fn.body.logging_config).map((c) => c.log_group);
  return tf.resolve(configured, ["aws_cloudwatch_log_group"]) !== undefined;
}

/** Why a `filename` is not a package inside the stack folder, or undefined when it is. */
function packageProblem(stackDir: string, filename: unknown): string | undefined {
  if (typeof filename !== "string" || filename.includes("${")) return `its package (filename = ${JSON.stringify(filename)}) is not a file in the stack folder`;
  const file = path.resolve(stackDir, filename);
  const rel = path.relative(stackDir, file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return `its package ${filename} is outside the stack folder`;
  if (!existsSync(file)) return `its package ${filename} does not exist (run the package step before synth)`;
  return undefined;
}

function checkWiring(tf: TerraformJson, want: ExpectedFunction): string[] {
  const fn = tf.resources("aws_lambda_function").find((f) => f.body.function_name === want.awsName);
  if (!fn) return [`function ${want.awsName} (trigger ${want.trigger}) is in lambdaform.json but not in the stack`];
  const missing = (triggerWiring[want.trigger] ?? []).filter((type) => {
    const field = invokers[type]?.field;
    return !tf.resources(type).some(({ body }) => tf.functions(field ? body[field] : body).includes(fn));
  });
  return missing.map((type) => `function ${want.awsName}: trigger ${want.trigger} needs an ${type} that points at it; none does`);
}
