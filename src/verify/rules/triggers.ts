import { decodeJsonArgument } from "./hcl.js";
import { block, blocks, isSet, isTrue, literalNumber, type TerraformJson, type TfResource } from "../stack/terraform-json.js";
import type { Finding, Rule, RuleContext } from "./types.js";

/** True when the spec makes this function's URL public on purpose (`--url-auth NONE`). */
export function specOptsIntoPublicUrl(ctx: RuleContext, fn: TfResource): boolean {
  const spec = ctx.specFunction(fn);
  return spec?.trigger === "function-url" && spec.options.auth === "NONE";
}

const starOnly = (v: string) => v === "*" || /^arn:[^:]+:[^:]+:[^:]*:[^:]*:\*$/.test(v);

export const permissionsNameSource: Rule = {
  id: "LF010",
  description: "Lambda permissions for AWS services name the source (source_arn; source_account for S3)",
  check(tf, ctx) {
    const findings: Finding[] = [];
    for (const p of tf.resources("aws_lambda_permission")) {
      const principal = String(p.body.principal ?? "");
      const target = tf.lambdaFunction(p.body.function_name);
      const name = target ? target.fn.address : String(p.body.function_name);

      if (p.body.function_url_auth_type === "NONE" || (principal === "*" && p.body.action === "lambda:InvokeFunction" && target && hasPublicUrl(tf, target.fn))) {
        if (target && specOptsIntoPublicUrl(ctx, target.fn)) {
          const scoped = isTrue(p.body.invoked_via_function_url) || p.body.action === "lambda:InvokeFunctionUrl";
          findings.push({
            resource: p.address,
            status: "passed",
            message:
              `public function URL of ${name}: lambdaform.json sets auth NONE for it (rule LF032 checks the URL)` +
              (scoped ? "" : "; this grant also allows direct invocation: scope it with invoked_via_function_url = true (AWS provider 6.29+: lambdaform migrate --engine cdktn)"),
          });
        } else {
          findings.push({ resource: p.address, message: `lets anyone invoke ${name} through its URL, but lambdaform.json does not make that function's URL public (function-url option auth: "NONE")` });
        }
        continue;
      }

      // Accounts and roles are specific principals; services and "*" need a source.
      const needsSource = principal === "*" || /\.amazonaws\.com(\.cn)?$/.test(principal);
      if (!needsSource) continue;
      const sourceArn = p.body.source_arn;
      if (!isSet(sourceArn)) {
        findings.push({ resource: p.address, message: `lets ${principal} invoke ${name} on behalf of any source: set source_arn to the one resource that calls it` });
      } else if (typeof sourceArn === "string" && starOnly(sourceArn)) {
        findings.push({ resource: p.address, message: `source_arn ${sourceArn} matches every resource: name the one that calls ${name}` });
      }
      if (principal === "s3.amazonaws.com" && !isSet(p.body.source_account)) {
        findings.push({ resource: p.address, message: "S3 bucket ARNs carry no account id: set source_account too, or a same-named bucket in another account could invoke the function" });
      }
    }
    return findings;
  },
};

function hasPublicUrl(tf: TerraformJson, fn: TfResource): boolean {
  return tf.resources("aws_lambda_function_url").some((u) => u.body.authorization_type === "NONE" && tf.lambdaFunction(u.body.function_name)?.fn.address === fn.address);
}

/** A function invoked asynchronously, and what invokes it. */
interface AsyncTarget {
  fn: TfResource;
  alias?: TfResource;
  via: string;
}

export function asyncTargets(tf: TerraformJson): AsyncTarget[] {
  const out: AsyncTarget[] = [];
  const add = (value: unknown, via: string) => {
    const target = tf.lambdaFunction(value);
    if (target) out.push({ ...target, via });
  };
  for (const n of tf.resources("aws_s3_bucket_notification")) {
    for (const l of blocks(n.body.lambda_function)) add(l.lambda_function_arn, n.address);
  }
  for (const s of tf.resources("aws_sns_topic_subscription")) {
    if (s.body.protocol === "lambda") add(s.body.endpoint, s.address);
  }
  for (const t of tf.resources("aws_cloudwatch_event_target")) add(t.body.arn, t.address);
  for (const s of tf.resources("aws_scheduler_schedule")) {
    for (const t of blocks(s.body.target)) add(t.arn, s.address);
  }
  return out;
}

function qualifierMatches(tf: TerraformJson, qualifier: unknown, alias: TfResource | undefined): boolean {
  if (!alias) return !isSet(qualifier) || qualifier === "$LATEST";
  return qualifier === alias.body.name || tf.refersTo(qualifier, alias);
}

export const asyncFailureDestination: Rule = {
  id: "LF011",
  description: "Asynchronously invoked functions keep failed events (on-failure destination or DLQ)",
  check(tf) {
    const findings: Finding[] = [];
    const configs = tf.resources("aws_lambda_function_event_invoke_config");
    const seen = new Set<string>();
    for (const t of asyncTargets(tf)) {
      const key = `${t.fn.address}:${t.alias?.address ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const config = configs.find(
        (c) => tf.lambdaFunction(c.body.function_name)?.fn.address === t.fn.address && qualifierMatches(tf, c.body.qualifier, t.alias),
      );
      const onFailure = config && block(block(config.body.destination_config)?.on_failure)?.destination;
      const dlq = block(t.fn.body.dead_letter_config)?.target_arn;
      if (isSet(onFailure) || isSet(dlq)) continue;
      const which = t.alias ? `${t.fn.address} (alias ${t.alias.address})` : t.fn.address;
      findings.push({
        resource: t.fn.address,
        message: config
          ? `is invoked asynchronously by ${t.via}; ${config.address} has no on-failure destination, so events that fail every retry are dropped`
          : `${which} is invoked asynchronously by ${t.via} with no aws_lambda_function_event_invoke_config on-failure destination or DLQ: failed events are dropped (ServiceFunction.sendFailuresToQueue())`,
      });
    }
    return findings;
  },
};

function redriveOf(tf: TerraformJson, queue: TfResource): unknown {
  const inline = decodeJsonArgument(queue.body.redrive_policy);
  if (inline && typeof inline === "object" && "deadLetterTargetArn" in inline) return inline;
  const separate = tf.resources("aws_sqs_queue_redrive_policy").find((r) => tf.refersTo(r.body.queue_url, queue));
  const policy = separate && decodeJsonArgument(separate.body.redrive_policy);
  return policy && typeof policy === "object" && "deadLetterTargetArn" in policy ? policy : undefined;
}

export const sqsSourceSafety: Rule = {
  id: "LF012",
  description: "SQS queues that trigger functions have a dead-letter queue and a visibility timeout of at least 6 × the function timeout",
  check(tf) {
    const findings: Finding[] = [];
    for (const m of tf.resources("aws_lambda_event_source_mapping")) {
      const queue = tf.resolve(m.body.event_source_arn, ["aws_sqs_queue"]);
      if (!queue) continue;
      if (!redriveOf(tf, queue)) {
        findings.push({ resource: queue.address, message: `feeds ${m.address} but has no redrive policy: a message that always fails is retried until it expires` });
      }
      const fn = tf.lambdaFunction(m.body.function_name)?.fn;
      const visibility = queue.body.visibility_timeout_seconds === undefined ? 30 : literalNumber(queue.body.visibility_timeout_seconds);
      const timeout = fn ? (fn.body.timeout === undefined ? 3 : literalNumber(fn.body.timeout)) : undefined;
      if (visibility === undefined || timeout === undefined) {
        findings.push({ resource: queue.address, message: `cannot compare its visibility timeout with the timeout of the function ${m.address} feeds: both must be literal numbers` });
      } else if (visibility < 6 * timeout) {
        findings.push({
          resource: queue.address,
          message: `visibility timeout ${visibility}s is less than 6 × the ${timeout}s timeout of ${fn!.address} (${6 * timeout}s): messages reappear while still being processed`,
        });
      }
    }
    return findings;
  },
};

export const streamSourceSafety: Rule = {
  id: "LF013",
  description: "Stream event sources (DynamoDB, Kinesis) bound retries and keep failed batches (on-failure destination)",
  check(tf) {
    const findings: Finding[] = [];
    for (const m of tf.resources("aws_lambda_event_source_mapping")) {
      const source = tf.resolve(m.body.event_source_arn, ["aws_dynamodb_table", "aws_kinesis_stream"]);
      const literal = typeof m.body.event_source_arn === "string" && /^arn:[\w-]+:(dynamodb|kinesis):/.test(m.body.event_source_arn);
      if (!source && !literal) continue;
      const retries = literalNumber(m.body.maximum_retry_attempts);
      if (retries === undefined || retries < 0) {
        findings.push({ resource: m.address, message: "retries a failing batch until its records expire (maximum_retry_attempts unset or -1), blocking the shard" });
      }
      if (!isSet(block(block(m.body.destination_config)?.on_failure)?.destination_arn)) {
        findings.push({ resource: m.address, message: "has no destination_config.on_failure: records of a batch that keeps failing are dropped unseen" });
      }
    }
    return findings;
  },
};

export const triggerRules: Rule[] = [permissionsNameSource, asyncFailureDestination, sqsSourceSafety, streamSourceSafety];
