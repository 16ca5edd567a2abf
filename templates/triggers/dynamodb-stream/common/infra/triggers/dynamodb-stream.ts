import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import { iteratorAgeAlarm, notEmptyAlarm } from "../constructs/alarms";
import { namedOutput } from "../constructs/outputs";
import { SecureTable } from "../constructs/secure-table";
import type { ServiceFunction } from "../constructs/service-function";

export interface DynamodbStreamTriggerProps {
  fn: ServiceFunction;
  /** The function's name in AWS; the table and the failures queue are named after it. */
  name: string;
  /** Stream records per invocation (1 to 10,000). */
  batchSize: number;
  /** Where a new mapping starts reading: LATEST (new changes) or TRIM_HORIZON (the last 24 hours). */
  startingPosition: "LATEST" | "TRIM_HORIZON";
}

/**
 * A table of the function's own whose changes (new and old images) Lambda reads from the
 * stream and hands to the function in order, shard by shard. A record that keeps failing is
 * retried a bounded number of times, then described in an encrypted failures queue, so it
 * never blocks its shard for the stream's whole 24-hour retention.
 */
export class DynamodbStreamTrigger extends Construct {
  readonly source: SecureTable;
  readonly failures: SqsQueue;

  constructor(scope: Construct, id: string, props: DynamodbStreamTriggerProps) {
    super(scope, id);
    const { fn } = props;
    this.source = new SecureTable(this, "source", { name: `${props.name}-source`, stream: "NEW_AND_OLD_IMAGES" });
    const { streamArn } = this.source.table;

    // Lambda sends a description of the records it gave up on (shard, sequence numbers), not the records.
    this.failures = new SqsQueue(this, "failures", {
      name: `${props.name}-stream-failures`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 1209600,
    });
    notEmptyAlarm(this, "failures-alarm", this.failures, `${props.name}-stream-failures`);
    // Records read five minutes after they were written: the function is failing or behind.
    iteratorAgeAlarm(this, props.name, 300_000);

    const read = fn.grant("stream-read", {
      actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
      resources: [streamArn],
    });
    // ListStreams has no resource-level permissions (it lists the account's streams), so AWS
    // documents "*" as its only resource.
    const list = fn.grant("stream-list", { actions: ["dynamodb:ListStreams"], resources: ["*"] });
    const sendFailures = fn.grant("stream-failures", { actions: ["sqs:SendMessage"], resources: [this.failures.arn] });

    new LambdaEventSourceMapping(this, "mapping", {
      eventSourceArn: streamArn,
      functionName: fn.target.arn,
      startingPosition: props.startingPosition,
      batchSize: props.batchSize,
      functionResponseTypes: ["ReportBatchItemFailures"],
      // Retries default to "until the record expires", which would hold up the shard for a day.
      maximumRetryAttempts: 3,
      maximumRecordAgeInSeconds: 3600,
      // Halving a failing batch on each retry isolates the bad record from the good ones.
      bisectBatchOnFunctionError: true,
      destinationConfig: { onFailure: { destinationArn: this.failures.arn } },
      // Lambda checks the role's permissions when the mapping is created.
      dependsOn: [read, list, sendFailures],
    });

    namedOutput(
      this,
      `${fn.node.id}_table_name`,
      this.source.table.name,
      `${fn.node.id} source table: changes to its items invoke the function`,
    );
  }
}
