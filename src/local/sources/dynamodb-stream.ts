import { randomUUID } from "node:crypto";
import { keepRunning, resourceNameOf, sleep, type DeliveryContext, type EventSource } from "../delivery.js";

export interface StreamMapping {
  fn: string;
  functionArn: string;
  streamArn: string;
  batchSize: number;
  startingPosition: "LATEST" | "TRIM_HORIZON";
  reportBatchItemFailures: boolean;
  /** -1: until the record expires. */
  maximumRetryAttempts: number;
  /** -1: no limit. */
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  onFailureArn?: string;
}

interface StreamRecord {
  eventID: string;
  eventName: string;
  eventVersion?: string;
  dynamodb: { SequenceNumber: string; ApproximateCreationDateTime?: number | string; [field: string]: unknown };
  [field: string]: unknown;
}

/**
 * Lambda's stream poller for a DynamoDB stream: each shard is read in order, in batches of the
 * mapping's size. A failed batch is retried (from the first reported failure on, with
 * ReportBatchItemFailures), halved on each retry when bisecting is on, and once retries or the
 * record age run out, described in a message to the on-failure destination and skipped, so the
 * shard moves on.
 */
export function dynamodbStreamSource(context: DeliveryContext, mapping: StreamMapping): EventSource {
  const describe = `dynamodb stream ${resourceNameOf(mapping.streamArn.split("/stream/")[0]!)} -> ${mapping.fn} (batch ${mapping.batchSize})`;
  const iterators = new Map<string, string>();

  const startShards = async () => {
    const { StreamDescription } = await context.api.target<{ StreamDescription: { Shards: { ShardId: string }[] } }>(
      "dynamodb",
      "DynamoDBStreams_20120810.DescribeStream",
      { StreamArn: mapping.streamArn },
    );
    for (const { ShardId } of StreamDescription.Shards) {
      if (iterators.has(ShardId)) continue;
      const { ShardIterator } = await context.api.target<{ ShardIterator: string }>("dynamodb", "DynamoDBStreams_20120810.GetShardIterator", {
        StreamArn: mapping.streamArn,
        ShardId,
        ShardIteratorType: mapping.startingPosition,
      });
      iterators.set(ShardId, ShardIterator);
    }
  };

  const step = async () => {
    await startShards();
    let delivered = false;
    for (const [shardId, iterator] of iterators) {
      const answer = await context.api.target<{ Records?: StreamRecord[]; NextShardIterator?: string }>(
        "dynamodb",
        "DynamoDBStreams_20120810.GetRecords",
        { ShardIterator: iterator, Limit: mapping.batchSize },
      );
      if (answer.NextShardIterator) iterators.set(shardId, answer.NextShardIterator);
      const records = answer.Records ?? [];
      if (records.length === 0) continue;
      delivered = true;
      await deliver(shardId, records);
    }
    if (!delivered) await sleep(500, context.signal);
  };

  /** Delivers one batch to the end: success, or retries spent and the rest described at the destination. */
  const deliver = async (shardId: string, records: StreamRecord[]) => {
    const pending: { records: StreamRecord[]; attempts: number }[] = [{ records, attempts: 0 }];
    while (pending.length > 0 && !context.signal.aborted) {
      const batch = pending.shift()!;
      const result = await context.invoke(mapping.fn, { Records: batch.records.map((r) => lambdaRecord(r, mapping.streamArn, context.region)) });
      const failedFrom = result.ok ? firstFailure(result.payload, batch.records, mapping.reportBatchItemFailures) : 0;
      if (failedFrom === undefined) continue;
      const rest = batch.records.slice(failedFrom);
      const attempts = batch.attempts + 1;
      const oldest = Number(rest[0]!.dynamodb.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000;
      const tooOld = mapping.maximumRecordAgeSeconds >= 0 && Date.now() - oldest > mapping.maximumRecordAgeSeconds * 1000;
      const exhausted = mapping.maximumRetryAttempts >= 0 && attempts > mapping.maximumRetryAttempts;
      if (exhausted || tooOld) {
        await giveUp(shardId, rest, attempts, exhausted ? "RetryAttemptsExhausted" : "RecordAgeExceeded", result.ok ? undefined : "Unhandled");
        continue;
      }
      if (mapping.bisectBatchOnFunctionError && rest.length > 1) {
        const half = Math.ceil(rest.length / 2);
        pending.unshift({ records: rest.slice(0, half), attempts }, { records: rest.slice(half), attempts });
      } else {
        pending.unshift({ records: rest, attempts });
      }
    }
  };

  const giveUp = async (shardId: string, records: StreamRecord[], attempts: number, condition: string, functionError?: string) => {
    const first = records[0]!.dynamodb;
    const last = records.at(-1)!.dynamodb;
    const arrival = (value: unknown) => new Date(Number(value ?? Date.now() / 1000) * 1000).toISOString();
    context.note(`${describe}: ${records.length} records given up after ${attempts} attempts (${condition})`);
    if (!mapping.onFailureArn) return;
    const failure = {
      requestContext: { requestId: randomUUID(), functionArn: mapping.functionArn, condition, approximateInvokeCount: attempts },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", ...(functionError ? { functionError } : {}) },
      version: "1.0",
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: first.SequenceNumber,
        endSequenceNumber: last.SequenceNumber,
        approximateArrivalOfFirstRecord: arrival(first.ApproximateCreationDateTime),
        approximateArrivalOfLastRecord: arrival(last.ApproximateCreationDateTime),
        batchSize: records.length,
        streamArn: mapping.streamArn,
      },
    };
    await sendToDestination(context, mapping.onFailureArn, JSON.stringify(failure));
  };

  return { describe, run: () => keepRunning(context, describe, step) };
}

/** The index of the first record to retry, or undefined when the batch succeeded. */
function firstFailure(payload: string, records: StreamRecord[], reportBatchItemFailures: boolean): number | undefined {
  if (!reportBatchItemFailures) return undefined;
  let answer: unknown;
  try {
    answer = JSON.parse(payload);
  } catch {
    return 0;
  }
  const failures = (answer as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (failures === undefined || failures === null) return undefined;
  if (!Array.isArray(failures)) return 0;
  if (failures.length === 0) return undefined;
  let first = records.length;
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = records.findIndex((r) => r.dynamodb.SequenceNumber === id);
    // An identifier that names no record of the batch fails the whole batch, as Lambda does.
    if (typeof id !== "string" || id === "" || index < 0) return 0;
    first = Math.min(first, index);
  }
  return first;
}

function lambdaRecord(r: StreamRecord, streamArn: string, region: string) {
  const created = r.dynamodb.ApproximateCreationDateTime;
  return {
    eventID: r.eventID,
    eventName: r.eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: region,
    dynamodb: { ...r.dynamodb, ...(created === undefined ? {} : { ApproximateCreationDateTime: Math.floor(Number(created)) }) },
    eventSourceARN: streamArn,
  };
}

/** Sends a failure record to an on-failure destination: an SQS queue or an SNS topic. */
export async function sendToDestination(context: DeliveryContext, arn: string, body: string): Promise<void> {
  const [, , service, , account, name] = arn.split(":");
  if (service === "sqs") {
    const { QueueUrl } = await context.api.target<{ QueueUrl: string }>("sqs", "AmazonSQS.GetQueueUrl", { QueueName: name, QueueOwnerAWSAccountId: account });
    await context.api.target("sqs", "AmazonSQS.SendMessage", { QueueUrl, MessageBody: body });
  } else if (service === "sns") {
    await context.api.query("sns", { Action: "Publish", TopicArn: arn, Message: body });
  } else {
    context.note(`on-failure destination ${arn} is not a queue or topic; lambdaform dev delivers only to those`);
  }
}
