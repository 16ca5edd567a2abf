import { describe, expect, it } from "vitest";
import { parseCreateFlags } from "../src/cli/create-flags.js";
import { runCli } from "../src/cli/main.js";
import { resolveSpec } from "../src/create/resolve-spec.js";
import { ExitCode } from "../src/errors.js";
import { fixture, fixtureNames, type Fixture } from "./rules-support.js";
import { recordingIo } from "./support/io.js";
import { renderFor, specFor } from "./support/render.js";

/**
 * Issue 9's infrastructure defaults, read from what would be deployed (the synthesized fixtures,
 * see fixtures/stacks/refresh.mjs) and from the rendered project (stack, README, scripts).
 */
const resources = (fx: Fixture, type: string): [string, any][] => Object.entries(fx.stack.resource?.[type] ?? {});
const bodies = (fx: Fixture, type: string): any[] => resources(fx, type).map(([, body]) => body);

describe("REST API: nothing account-wide unless asked", () => {
  it("by default creates no aws_api_gateway_account or logging role, keeps access logs and leaves execution logs off", () => {
    for (const name of ["all-node", "all-python"] as const) {
      const fx = fixture(name);
      expect(bodies(fx, "aws_api_gateway_account"), name).toEqual([]);
      expect(bodies(fx, "aws_iam_role_policy_attachment"), name).toEqual([]);
      const [stage] = bodies(fx, "aws_api_gateway_stage");
      expect(stage.access_log_settings.destination_arn).toMatch(/^\$\{aws_cloudwatch_log_group\./);
      expect(stage.depends_on).toBeUndefined();
      expect(bodies(fx, "aws_api_gateway_method_settings")[0].settings.logging_level).toBe("OFF");
      expect(bodies(fx, "aws_cloudwatch_log_group").filter((g) => String(g.name).startsWith("API-Gateway-Execution-Logs_"))).toEqual([]);
    }
  });

  it("--rest-account-logging registers the role and turns on error logs, and the security rules still pass", () => {
    const fx = fixture("opt-in-node");
    expect(fx.manifest.spec.functions.find((f) => f.trigger === "rest-api")?.options.accountLogging).toBe(true);
    const [accountKey] = resources(fx, "aws_api_gateway_account").map(([key]) => key);
    expect(bodies(fx, "aws_api_gateway_stage")[0].depends_on).toEqual([`aws_api_gateway_account.${accountKey}`]);
    expect(bodies(fx, "aws_api_gateway_method_settings")[0].settings.logging_level).toBe("ERROR");
    expect(fixtureNames).toContain("opt-in-node"); // so "passes every rule" covers it, with no waiver
    expect(fx.manifest.waivers ?? []).toEqual([]);
  });

  it("is a flag-only option, off and unrecorded unless given, and the README says what it costs", async () => {
    const plain = await renderFor(["svc", "--trigger", "rest-api"]);
    expect((await specFor(["svc", "--trigger", "rest-api"])).functions[0]!.options).toEqual({ stageName: "v1" });
    expect(plain.read("infra/stack.ts")).not.toContain("accountLogging");
    expect(plain.read("README.md")).toContain("This stack leaves that setting alone, so destroying it never changes\nlogging for other APIs");
    const opted = await renderFor(["svc", "--trigger", "rest-api", "--rest-account-logging"]);
    expect(opted.read("infra/stack.ts")).toContain("      accountLogging: true,\n");
    expect(opted.read("README.md")).toMatch(/`npm run destroy` takes the registration away, which\nresets logging for \*\*every\*\* REST API in the account/);
  });
});

describe("buckets", () => {
  it("expire noncurrent versions and are never force-destroyed, for the bucket resource and the S3 trigger's bucket", () => {
    for (const name of ["all-node", "all-python"] as const) {
      const fx = fixture(name);
      const buckets = resources(fx, "aws_s3_bucket");
      expect(buckets, name).toHaveLength(2);
      for (const [key, bucket] of buckets) {
        expect(bucket.force_destroy, key).toBe(false);
        const lifecycle = bodies(fx, "aws_s3_bucket_lifecycle_configuration").filter((l) => l.bucket === `\${aws_s3_bucket.${key}.id}`);
        expect(lifecycle, key).toEqual([
          expect.objectContaining({
            rule: [expect.objectContaining({ status: "Enabled", noncurrent_version_expiration: [{ noncurrent_days: 30 }] })],
            depends_on: [expect.stringMatching(/^aws_s3_bucket_versioning\./)],
          }),
        ]);
      }
    }
  });

  it("forceDestroy is written out in the stack, and the README and `npm run destroy` say what to do with a bucket that is not empty", async () => {
    const tree = await renderFor(["svc", "--trigger", "s3", "--resource", "bucket"]);
    const stack = tree.read("infra/stack.ts")!;
    expect(stack.match(/forceDestroy: false/g)).toHaveLength(2);
    const readme = tree.read("README.md")!;
    expect(readme).toContain("## Destroying");
    expect(readme).toContain("Outputs naming the buckets: `bucket_name`, `objects_bucket_name`.");
    const script = tree.read("scripts/terraform.mjs")!;
    expect(script).toContain('if (step === "destroy" && /BucketNotEmpty/.test(plain)) explainBuckets();');
    expect(script).toContain("Terraform stopped at BucketNotEmpty");

    const none = await renderFor(["svc", "--trigger", "sqs"]);
    expect(none.read("README.md")).not.toContain("## Destroying");
    expect(none.read("scripts/terraform.mjs")).not.toContain("explainBuckets");
  });
});

describe("saved Logs Insights queries", () => {
  it.each(["all-node", "all-python", "http-api-node"] as const)("%s: four queries over every function's log group", (name) => {
    const fx = fixture(name);
    const groups = bodies(fx, "aws_lambda_function").map((f) => f.logging_config.log_group).sort();
    const queries = bodies(fx, "aws_cloudwatch_query_definition");
    const service = fx.manifest.spec.name;
    expect(queries.map((q) => q.name).sort()).toEqual(
      ["duration-by-5-minutes", "one-request", "recent-errors", "slowest-invocations"].map((q) => `${service}/${q}`),
    );
    for (const query of queries) expect([...query.log_group_names].sort()).toEqual(groups);
    const text = Object.fromEntries(queries.map((q) => [q.name.slice(service.length + 1), q.query_string]));
    expect(text["recent-errors"]).toMatch(/filter level in \["ERROR", "CRITICAL", "FATAL"\]/);
    expect(text["duration-by-5-minutes"]).toMatch(/pct\(record\.metrics\.durationMs, 95\).*\n.*by bin\(5m\)/);
    expect(text["slowest-invocations"]).toMatch(/sort durationMs desc/);
    expect(text["one-request"]).toMatch(/filter @message like "/);
  });

  it("are listed in the README with the console path", async () => {
    const readme = (await renderFor(["orders", "--trigger", "sqs", "--region", "eu-west-1"])).read("README.md")!;
    expect(readme).toContain("**Logs → Logs Insights → Saved queries**, folder\n`orders`");
    expect(readme).toContain("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:logs-insights");
    for (const query of ["recent-errors", "duration-by-5-minutes", "slowest-invocations", "one-request"]) expect(readme).toContain(`| \`orders/${query}\` |`);
  });
});

describe("alarms", () => {
  const alarms = (fx: Fixture) => bodies(fx, "aws_cloudwatch_metric_alarm");
  const ofMetric = (fx: Fixture, metric: string) => alarms(fx).filter((a) => a.metric_name === metric);

  it.each(["all-node", "all-python"] as const)("%s: errors, throttles and near-timeout per function; API 5XX and latency; queue age; iterator age", (name) => {
    const fx = fixture(name);
    const functions = bodies(fx, "aws_lambda_function").map((f) => f.function_name).sort();
    for (const metric of ["Errors", "Throttles", "Duration"]) {
      expect(ofMetric(fx, metric).map((a) => a.dimensions.FunctionName).sort(), metric).toEqual(functions);
    }
    const timeout = fx.manifest.spec.settings.timeout;
    for (const alarm of ofMetric(fx, "Duration")) expect(alarm).toMatchObject({ statistic: "Maximum", threshold: timeout * 900 });
    // One HTTP API (metric 5xx, by ApiId) and one REST API (5XXError, by ApiName and Stage).
    expect(ofMetric(fx, "5xx")).toEqual([expect.objectContaining({ namespace: "AWS/ApiGateway", dimensions: expect.objectContaining({ ApiId: expect.any(String) }) })]);
    expect(ofMetric(fx, "5XXError")).toEqual([expect.objectContaining({ namespace: "AWS/ApiGateway", dimensions: expect.objectContaining({ ApiName: expect.any(String) }) })]);
    expect(ofMetric(fx, "Latency")).toHaveLength(2);
    for (const latency of ofMetric(fx, "Latency")) expect(latency).toMatchObject({ extended_statistic: "p95", threshold: 1000, evaluation_periods: 3 });
    const [oldest] = ofMetric(fx, "ApproximateAgeOfOldestMessage");
    expect(oldest).toMatchObject({ namespace: "AWS/SQS", alarm_name: `${fx.manifest.spec.name}-worker-queue-oldest-message`, threshold: 900 });
    expect(ofMetric(fx, "IteratorAge")).toEqual([
      expect.objectContaining({ dimensions: { FunctionName: `${fx.manifest.spec.name}-changes` }, statistic: "Maximum", threshold: 300000 }),
    ]);
    // Failures no retry fixes, which both languages' handlers count in the service's namespace.
    expect(ofMetric(fx, "PermanentErrors")).toEqual([
      expect.objectContaining({ namespace: fx.manifest.spec.name, dimensions: { service: fx.manifest.spec.name }, statistic: "Sum", threshold: 1 }),
    ]);
    // Without --alarm-email nobody is told, and the README says so.
    for (const alarm of alarms(fx)) expect(alarm.alarm_actions).toBeUndefined();
  });

  it("--alarm-email: a KMS-encrypted, TLS-only topic with an email subscription that every alarm notifies", () => {
    const fx = fixture("opt-in-node");
    const [topicKey, topic] = resources(fx, "aws_sns_topic").find(([, t]) => t.name === "lf-opt-in-node-alarms")!;
    const [kmsKey, key] = resources(fx, "aws_kms_key")[0]!;
    expect(topic.kms_master_key_id).toBe(`\${aws_kms_key.${kmsKey}.arn}`);
    expect(key.enable_key_rotation).toBe(true);
    // CloudWatch needs the key (the AWS managed SNS key does not let it) and the topic policy.
    expect(key.policy).toContain('"Principal" = {"Service" = "cloudwatch.amazonaws.com"}');
    const topicArn = `\${aws_sns_topic.${topicKey}.arn}`;
    expect(bodies(fx, "aws_sns_topic_subscription")).toEqual([
      expect.objectContaining({ topic_arn: topicArn, protocol: "email", endpoint: "oncall@example.com" }),
    ]);
    const [policy] = bodies(fx, "aws_sns_topic_policy");
    expect(policy.arn).toBe(topicArn);
    expect(policy.policy).toContain('"Condition" = {"Bool" = {"aws:SecureTransport" = "false"}}');
    expect(alarms(fx).length).toBeGreaterThan(10);
    for (const alarm of alarms(fx)) {
      expect([alarm.alarm_name, alarm.alarm_actions, alarm.ok_actions]).toEqual([alarm.alarm_name, [topicArn], [topicArn]]);
    }
  });

  it("--alarm-email is checked, recorded and documented; without it the README says alarms notify nobody", async () => {
    const io = recordingIo();
    expect(await runCli("create", ["svc", "--yes", "--dry-run", "--trigger", "sqs", "--alarm-email", "not an address"], { io, cwd: "/tmp" })).toBe(ExitCode.invalidValue);
    expect(io.stderr.join("\n")).toMatch(/--alarm-email must be an email address such as oncall@example\.com/);

    const spec = await specFor(["svc", "--trigger", "sqs", "--alarm-email", "oncall@example.com"]);
    expect(spec.settings.alarmEmail).toBe("oncall@example.com");
    const tree = await renderFor(["svc", "--trigger", "sqs", "--alarm-email", "oncall@example.com"]);
    const stack = tree.read("infra/stack.ts")!;
    // A stage's own address (lambdaform.json "stages") wins over the project's.
    expect(stack).toContain('const alarmEmail = stage.settings.alarmEmail ?? "oncall@example.com";');
    expect(stack).toContain('new AlarmEmail(this, "alarm-email", { topicName: name("svc-alarms"), email: alarmEmail });');
    // The stack's functions share `settings`; the address is not one of them.
    expect(stack.slice(stack.indexOf("const projectSettings"), stack.indexOf("};"))).not.toContain("alarmEmail");
    expect(tree.read("README.md")).toContain("Every alarm emails `oncall@example.com` (`--alarm-email`)");

    const quiet = await renderFor(["svc", "--trigger", "sqs"]);
    expect(quiet.read("infra/stack.ts")).toContain("const alarmEmail = stage.settings.alarmEmail;");
    expect(quiet.read("README.md")).toContain("**Nobody is notified.** The alarms only change state in the CloudWatch console.");
  });

  it("a template pack's default --alarm-email is taken, and the flag wins over it", async () => {
    const flags = (args: string[]) => parseCreateFlags(["svc", "--trigger", "sqs", "--yes", ...args]);
    const packDefault = { alarmEmail: "team@example.com" };
    expect((await resolveSpec(flags([]), undefined, packDefault)).spec.settings.alarmEmail).toBe("team@example.com");
    expect((await resolveSpec(flags(["--alarm-email", "me@example.com"]), undefined, packDefault)).spec.settings.alarmEmail).toBe("me@example.com");
  });
});

describe("source maps in Node packages", () => {
  it("Node functions run with --enable-source-maps; Python functions do not get it", async () => {
    const node = (await renderFor(["svc", "--trigger", "sqs"])).read("infra/stack.ts")!;
    expect(node).toContain('      NODE_OPTIONS: "--enable-source-maps",\n      ...terraformLiterals(configuration),');
    const python = (await renderFor(["svc", "--runtime", "python3.13", "--trigger", "sqs"])).read("infra/stack.ts")!;
    expect(python).not.toContain("NODE_OPTIONS");
    for (const name of ["all-node", "http-api-node"] as const) {
      for (const fn of bodies(fixture(name), "aws_lambda_function")) expect(fn.environment.variables.NODE_OPTIONS).toBe("--enable-source-maps");
    }
  });
});

describe("the README's settings", () => {
  it("mention reserved and provisioned concurrency when they are set, and not otherwise", async () => {
    const set = (await renderFor(["svc", "--trigger", "sqs", "--reserved-concurrency", "5", "--provisioned-concurrency", "2"])).read("README.md")!;
    const settings = set.slice(set.indexOf("## Settings"), set.indexOf("## Deploying"));
    expect(settings).toContain("Each has 5 reserved concurrent executions\n(`reservedConcurrency`)");
    expect(settings).toContain("2 provisioned concurrent executions (`provisionedConcurrency`)");
    const zero = (await renderFor(["svc", "--trigger", "sqs", "--reserved-concurrency", "0"])).read("README.md")!;
    expect(zero).toContain("Each has 0 reserved concurrent executions");
    const plain = (await renderFor(["svc", "--trigger", "sqs"])).read("README.md")!;
    expect(plain).not.toMatch(/reserved concurrent|provisioned concurrent/);
  });
});
