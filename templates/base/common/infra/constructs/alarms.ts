import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { Construct } from "constructs";

/**
 * Where alarms notify: empty, they only change state in the CloudWatch console. Put an SNS
 * topic's ARN here (or an Incident Manager response plan) to be told when something fails.
 */
export const alarmActions: string[] = [];

/** Every alarm here fires on one bad five-minute period, and stays quiet when there is no data. */
const atLeastOnceIn5Minutes = {
  period: 300,
  evaluationPeriods: 1,
  threshold: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  treatMissingData: "notBreaching",
  alarmActions,
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
