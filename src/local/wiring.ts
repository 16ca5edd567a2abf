import { functionNameOf, type DeliveryContext } from "./delivery.js";
import { xmlValues } from "./emulator-api.js";
import type { StreamMapping } from "./sources/dynamodb-stream.js";
import type { RuleTarget } from "./sources/eventbridge.js";
import type { BucketNotification } from "./sources/s3.js";
import type { Schedule } from "./sources/schedule.js";
import type { SnsSubscription } from "./sources/sns.js";
import type { SqsMapping } from "./sources/sqs.js";

/** Every way the applied stack invokes the project's functions, as the emulator reports it. */
export interface Wiring {
  sqs: SqsMapping[];
  streams: StreamMapping[];
  sns: SnsSubscription[];
  rules: RuleTarget[];
  buckets: BucketNotification[];
  schedules: Schedule[];
}

interface EventSourceMapping {
  UUID: string;
  EventSourceArn: string;
  FunctionArn: string;
  BatchSize?: number;
  MaximumBatchingWindowInSeconds?: number;
  FunctionResponseTypes?: string[];
  StartingPosition?: "LATEST" | "TRIM_HORIZON";
  MaximumRetryAttempts?: number;
  MaximumRecordAgeInSeconds?: number;
  BisectBatchOnFunctionError?: boolean;
  DestinationConfig?: { OnFailure?: { Destination?: string } };
  State?: string;
}

/**
 * Reads the wiring from the emulator's own APIs (mappings, subscriptions, rules and targets,
 * bucket notifications, schedules) rather than from the spec, so the local loop runs what the
 * stack really created. `functions` maps each function's AWS name to its lambdaform.json name.
 */
export async function readWiring(context: DeliveryContext, functions: Map<string, string>): Promise<Wiring> {
  const ours = (arn: string) => functions.get(functionNameOf(arn));
  const { api } = context;

  const mappings: EventSourceMapping[] = [];
  let marker: string | undefined;
  do {
    const page = await api.rest<{ EventSourceMappings: EventSourceMapping[]; NextMarker?: string }>(
      "lambda",
      "GET",
      `/2015-03-31/event-source-mappings/${marker ? `?Marker=${encodeURIComponent(marker)}` : ""}`,
    );
    mappings.push(...page.EventSourceMappings);
    marker = page.NextMarker;
  } while (marker);
  const sqs: SqsMapping[] = [];
  const streams: StreamMapping[] = [];
  for (const m of mappings) {
    const fn = ours(m.FunctionArn);
    if (!fn || m.State === "Disabled") continue;
    const reportBatchItemFailures = (m.FunctionResponseTypes ?? []).includes("ReportBatchItemFailures");
    if (m.EventSourceArn.startsWith("arn:aws:sqs:")) {
      sqs.push({ fn, queueArn: m.EventSourceArn, batchSize: m.BatchSize ?? 10, batchWindowSeconds: m.MaximumBatchingWindowInSeconds ?? 0, reportBatchItemFailures });
    } else if (m.EventSourceArn.includes(":dynamodb:") && m.EventSourceArn.includes("/stream/")) {
      streams.push({
        fn,
        functionArn: m.FunctionArn,
        streamArn: m.EventSourceArn,
        batchSize: m.BatchSize ?? 100,
        startingPosition: m.StartingPosition ?? "LATEST",
        reportBatchItemFailures,
        maximumRetryAttempts: m.MaximumRetryAttempts ?? -1,
        maximumRecordAgeSeconds: m.MaximumRecordAgeInSeconds ?? -1,
        bisectBatchOnFunctionError: m.BisectBatchOnFunctionError ?? false,
        ...(m.DestinationConfig?.OnFailure?.Destination ? { onFailureArn: m.DestinationConfig.OnFailure.Destination } : {}),
      });
    }
  }

  const sns: SnsSubscription[] = [];
  let next: string | undefined;
  do {
    const xml = await api.query("sns", { Action: "ListSubscriptions", ...(next ? { NextToken: next } : {}) });
    for (const [, member] of xml.matchAll(/<member>([\s\S]*?)<\/member>/g)) {
      const [protocol] = xmlValues(member!, "Protocol");
      const [endpoint] = xmlValues(member!, "Endpoint");
      const fn = protocol === "lambda" && endpoint ? ours(endpoint) : undefined;
      if (fn) sns.push({ fn, topicArn: xmlValues(member!, "TopicArn")[0]!, subscriptionArn: xmlValues(member!, "SubscriptionArn")[0]! });
    }
    next = xmlValues(xml, "NextToken")[0];
  } while (next);

  const rules: RuleTarget[] = [];
  const { EventBuses = [] } = await api.target<{ EventBuses?: { Name: string }[] }>("events", "AWSEvents.ListEventBuses", {});
  for (const { Name: bus } of EventBuses) {
    const { Rules = [] } = await api.target<{ Rules?: { Name: string; State?: string }[] }>("events", "AWSEvents.ListRules", { EventBusName: bus });
    for (const rule of Rules) {
      if (rule.State === "DISABLED") continue;
      const { Targets = [] } = await api.target<{ Targets?: { Arn: string; Input?: string }[] }>("events", "AWSEvents.ListTargetsByRule", {
        Rule: rule.Name,
        EventBusName: bus,
      });
      for (const target of Targets) {
        const fn = target.Arn.includes(":lambda:") ? ours(target.Arn) : undefined;
        if (fn) rules.push({ fn, ruleName: rule.Name, eventBusName: bus, ...(target.Input ? { input: target.Input } : {}) });
      }
    }
  }

  const buckets: BucketNotification[] = [];
  for (const bucket of xmlValues(await api.xml("s3", "GET", "/"), "Name")) {
    const xml = await api.xml("s3", "GET", `/${encodeURIComponent(bucket)}?notification`);
    for (const [, config] of xml.matchAll(/<CloudFunctionConfiguration>([\s\S]*?)<\/CloudFunctionConfiguration>/g)) {
      const fn = ours(xmlValues(config!, "CloudFunction")[0] ?? "");
      if (!fn) continue;
      const rule = (name: string) =>
        [...config!.matchAll(/<FilterRule>([\s\S]*?)<\/FilterRule>/g)]
          .map(([, r]) => r!)
          .find((r) => xmlValues(r, "Name")[0]?.toLowerCase() === name)
          ?.match(/<Value>([\s\S]*?)<\/Value>/)?.[1] ?? "";
      buckets.push({
        fn,
        bucket,
        configurationId: xmlValues(config!, "Id")[0] ?? "",
        events: xmlValues(config!, "Event"),
        prefix: rule("prefix"),
        suffix: rule("suffix"),
      });
    }
  }

  const schedules: Schedule[] = [];
  const listed = await api.rest<{ Schedules?: { Name: string; GroupName?: string }[] }>("scheduler", "GET", "/schedules");
  for (const { Name, GroupName = "default" } of listed.Schedules ?? []) {
    const s = await api.rest<{
      Arn: string;
      ScheduleExpression: string;
      ScheduleExpressionTimezone?: string;
      State?: string;
      Target: { Arn: string; Input?: string };
    }>("scheduler", "GET", `/schedules/${encodeURIComponent(Name)}?groupName=${encodeURIComponent(GroupName)}`);
    const fn = ours(s.Target.Arn);
    if (!fn) continue;
    schedules.push({
      fn,
      name: Name,
      groupName: GroupName,
      arn: s.Arn,
      expression: s.ScheduleExpression,
      timezone: s.ScheduleExpressionTimezone ?? "UTC",
      ...(s.Target.Input === undefined ? {} : { input: s.Target.Input }),
      enabled: s.State !== "DISABLED",
    });
  }

  return { sqs, streams, sns, rules, buckets, schedules };
}
