import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Aspects, Fn, TerraformStack, type IAspect } from "cdktf";
import { Construct, type IConstruct } from "constructs";

/**
 * Alarms change state in the CloudWatch console and notify nobody, unless the stack has an
 * AlarmEmail (`--alarm-email`): it points every alarm of the stack at its topic.
 */
const fiveMinutes = { period: 300, treatMissingData: "notBreaching" } as const;

/** Fires on one bad five-minute period: something failed that someone should look at. */
const atLeastOnceIn5Minutes = {
  ...fiveMinutes,
  evaluationPeriods: 1,
  threshold: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
};

/** Any error of the function in five minutes. */
export function errorAlarm(scope: Construct, functionName: string): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, "errors-alarm", {
    alarmName: `${functionName}-errors`,
    alarmDescription: `${functionName} failed at least once in 5 minutes`,
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: functionName },
    statistic: "Sum",
    ...atLeastOnceIn5Minutes,
  });
}

/** Invocations Lambda refused for lack of concurrency: callers got 429s, or events waited. */
export function throttleAlarm(scope: Construct, functionName: string): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, "throttles-alarm", {
    alarmName: `${functionName}-throttles`,
    alarmDescription: `${functionName} was throttled in the last 5 minutes: raise its concurrency or slow its callers`,
    namespace: "AWS/Lambda",
    metricName: "Throttles",
    dimensions: { FunctionName: functionName },
    statistic: "Sum",
    ...atLeastOnceIn5Minutes,
  });
}

/** A run that took 90% of the timeout: the next slower one times out. */
export function durationAlarm(scope: Construct, functionName: string, timeoutSeconds: number): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, "duration-alarm", {
    alarmName: `${functionName}-near-timeout`,
    alarmDescription: `${functionName} ran for 90% of its ${timeoutSeconds} s timeout`,
    namespace: "AWS/Lambda",
    metricName: "Duration",
    dimensions: { FunctionName: functionName },
    statistic: "Maximum",
    ...fiveMinutes,
    evaluationPeriods: 1,
    threshold: timeoutSeconds * 900,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
  });
}

/** A stream consumer falling behind: its newest batch was older than `maxAgeMs` when read. */
export function iteratorAgeAlarm(scope: Construct, functionName: string, maxAgeMs: number): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, "iterator-age-alarm", {
    alarmName: `${functionName}-iterator-age`,
    alarmDescription: `${functionName} reads stream records more than ${maxAgeMs / 1000} s after they were written`,
    namespace: "AWS/Lambda",
    metricName: "IteratorAge",
    dimensions: { FunctionName: functionName },
    statistic: "Maximum",
    ...fiveMinutes,
    evaluationPeriods: 1,
    threshold: maxAgeMs,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
  });
}

/** A queue of failures (a dead-letter or failure queue) that is not empty: something needs a look. */
export function notEmptyAlarm(scope: Construct, id: string, queue: SqsQueue, queueName: string): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: `${queueName}-not-empty`,
    alarmDescription: `${queueName} holds messages that failed; read them, fix the cause, then redrive`,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: queue.name },
    statistic: "Maximum",
    ...atLeastOnceIn5Minutes,
  });
}

/** A source queue whose oldest message has waited `maxAgeSeconds`: its consumer is failing or behind. */
export function oldestMessageAlarm(scope: Construct, queue: SqsQueue, queueName: string, maxAgeSeconds: number): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, "oldest-message-alarm", {
    alarmName: `${queueName}-oldest-message`,
    alarmDescription: `${queueName} has a message waiting more than ${maxAgeSeconds} s: its function is failing or falling behind`,
    namespace: "AWS/SQS",
    metricName: "ApproximateAgeOfOldestMessage",
    dimensions: { QueueName: queue.name },
    statistic: "Maximum",
    ...fiveMinutes,
    evaluationPeriods: 1,
    threshold: maxAgeSeconds,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
  });
}

/** The metric names and dimensions of one API Gateway API, whichever kind it is. */
export interface ApiMetrics {
  /** `AWS/ApiGateway`'s name for server errors: `5xx` (HTTP APIs) or `5XXError` (REST APIs). */
  serverErrors: string;
  dimensions: Record<string, string>;
}

/**
 * Server errors (the function failed, timed out or was throttled) in five minutes, and a p95
 * latency above `latencyMs` for fifteen: callers are waiting too long.
 */
export function apiAlarms(scope: Construct, apiName: string, metrics: ApiMetrics, latencyMs: number): void {
  new CloudwatchMetricAlarm(scope, "server-errors-alarm", {
    alarmName: `${apiName}-5xx`,
    alarmDescription: `${apiName} answered with a 5XX at least once in 5 minutes`,
    namespace: "AWS/ApiGateway",
    metricName: metrics.serverErrors,
    dimensions: metrics.dimensions,
    statistic: "Sum",
    ...atLeastOnceIn5Minutes,
  });
  new CloudwatchMetricAlarm(scope, "latency-alarm", {
    alarmName: `${apiName}-latency`,
    alarmDescription: `${apiName} p95 latency above ${latencyMs} ms for 15 minutes`,
    namespace: "AWS/ApiGateway",
    metricName: "Latency",
    dimensions: metrics.dimensions,
    extendedStatistic: "p95",
    ...fiveMinutes,
    evaluationPeriods: 3,
    threshold: latencyMs,
    comparisonOperator: "GreaterThanThreshold",
  });
}

export interface AlarmEmailProps {
  topicName: string;
  /** Who is told; AWS emails a confirmation link first, and nothing arrives until it is followed. */
  email: string;
}

/**
 * An SNS topic every alarm of the stack notifies, on alarm and on recovery, with one email
 * subscription. It is encrypted with a key of its own: CloudWatch cannot publish to a topic
 * under the AWS managed SNS key, whose policy it is not in. Publishing needs TLS.
 */
export class AlarmEmail extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlarmEmailProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, "account").accountId;
    const partition = new DataAwsPartition(this, "partition").partition;
    const key = new KmsKey(this, "key", {
      description: `Encrypts ${props.topicName}, which CloudWatch alarms publish to`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            // The key's default statement: the account's IAM policies decide who manages it.
            Sid: "AccountAdministers",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${account}:root` },
            Action: "kms:*",
            Resource: "*",
          },
          {
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": account } },
          },
        ],
      }),
    });
    this.topic = new SnsTopic(this, "topic", { name: props.topicName, kmsMasterKeyId: key.arn });
    new SnsTopicPolicy(this, "policy", {
      arn: this.topic.arn,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: this.topic.arn,
            Condition: { StringEquals: { "aws:SourceAccount": account } },
          },
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Publish",
            Resource: this.topic.arn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
    });
    new SnsTopicSubscription(this, "email", { topicArn: this.topic.arn, protocol: "email", endpoint: props.email });
    Aspects.of(TerraformStack.of(this)).add(new NotifyTopic(this.topic.arn));
  }
}

/** Points every alarm of the stack, wherever it was made, at one topic, on alarm and on recovery. */
class NotifyTopic implements IAspect {
  constructor(private readonly topicArn: string) {}

  visit(node: IConstruct): void {
    if (!(node instanceof CloudwatchMetricAlarm)) return;
    node.alarmActions = [this.topicArn];
    node.okActions = [this.topicArn];
  }
}
