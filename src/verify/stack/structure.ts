import { existsSync } from "node:fs";
import path from "node:path";
import type { TriggerId } from "../../catalog/trigger.js";
import { blocks, danglingLambdaRefs, functionsReferencedBy, refsIn, resourceExists, resourcesOf, type Body, type Stack } from "./refs.js";

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
export function checkStack(stack: Stack, stackDir: string, expected: readonly ExpectedFunction[]): string[] {
  const problems: string[] = [];
  for (const [name, fn] of resourcesOf(stack, "aws_lambda_function")) problems.push(...checkFunction(stack, stackDir, name, fn));
  for (const [name, layer] of resourcesOf(stack, "aws_lambda_layer_version")) {
    const problem = packageProblem(stackDir, layer.filename);
    if (problem) problems.push(`aws_lambda_layer_version.${name}: ${problem}`);
  }
  for (const [type, { field, mustTargetFunction }] of Object.entries(invokers)) {
    for (const [name, body] of resourcesOf(stack, type)) {
      const target = field === "endpoint" && body.protocol !== "lambda" ? undefined : body[field];
      for (const ref of danglingLambdaRefs(stack, target)) {
        problems.push(`${type}.${name} references ${ref.type}.${ref.name}, which the stack does not define`);
      }
      if (mustTargetFunction && functionsReferencedBy(stack, target).size === 0) {
        problems.push(`${type}.${name} does not point at a function of this stack (${field} = ${JSON.stringify(target)})`);
      }
    }
  }
  for (const want of expected) problems.push(...checkWiring(stack, want));
  return problems;
}

function checkFunction(stack: Stack, stackDir: string, name: string, fn: Body): string[] {
  const label = `function ${typeof fn.function_name === "string" ? fn.function_name : name}`;
  const problems: string[] = [];
  const roles = refsIn(fn.role).filter((r) => r.type === "aws_iam_role" && resourceExists(stack, r));
  if (roles.length === 0) problems.push(`${label}: its role (${JSON.stringify(fn.role)}) is not an aws_iam_role of the stack`);
  if (!hasLogGroup(stack, fn)) {
    problems.push(`${label}: no aws_cloudwatch_log_group named /aws/lambda/${fn.function_name} or referenced by logging_config`);
  }
  const problem = packageProblem(stackDir, fn.filename);
  if (problem) problems.push(`${label}: ${problem}`);
  return problems;
}

function hasLogGroup(stack: Stack, fn: Body): boolean {
  const groups = resourcesOf(stack, "aws_cloudwatch_log_group");
  if (groups.some(([, g]) => g.name === `/aws/lambda/${fn.function_name}`)) return true;
  const configured = blocks(fn.logging_config).map((c) => c.log_group);
  return refsIn(configured).some((r) => r.type === "aws_cloudwatch_log_group" && resourceExists(stack, r));
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

function checkWiring(stack: Stack, want: ExpectedFunction): string[] {
  const fnEntry = resourcesOf(stack, "aws_lambda_function").find(([, body]) => body.function_name === want.awsName);
  if (!fnEntry) return [`function ${want.awsName} (trigger ${want.trigger}) is in lambdaform.json but not in the stack`];
  const [fnName] = fnEntry;
  const missing = (triggerWiring[want.trigger] ?? []).filter((type) => {
    const field = invokers[type]?.field;
    return !resourcesOf(stack, type).some(([, body]) => functionsReferencedBy(stack, field ? body[field] : body).has(fnName));
  });
  return missing.map((type) => `function ${want.awsName}: trigger ${want.trigger} needs an ${type} that points at it; none does`);
}
