import { keepRunning, resourceNameOf, sleep, type DeliveryContext, type EventSource } from "../delivery.js";

export interface SqsMapping {
  fn: string;
  queueArn: string;
  batchSize: number;
  batchWindowSeconds: number;
  reportBatchItemFailures: boolean;
}

interface Message {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MessageAttributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;
}

/**
 * Lambda's SQS poller: batches of up to the mapping's size, filled for up to its batching
 * window; messages of a successful invocation are deleted, and with ReportBatchItemFailures
 * only the ones reported stay. A message left in the queue comes back after the queue's
 * visibility timeout, and the emulator moves it to the dead-letter queue after the redrive
 * policy's receive count, as SQS does.
 */
export function sqsSource(context: DeliveryContext, mapping: SqsMapping): EventSource {
  const queue = resourceNameOf(mapping.queueArn);
  const describe = `sqs ${queue} -> ${mapping.fn} (batch ${mapping.batchSize}, window ${mapping.batchWindowSeconds} s)`;
  let queueUrl: string | undefined;

  const receive = async (max: number, waitSeconds: number): Promise<Message[]> => {
    const answer = await context.api.target<{ Messages?: Message[] }>("sqs", "AmazonSQS.ReceiveMessage", {
      QueueUrl: queueUrl,
      MaxNumberOfMessages: Math.min(10, max),
      WaitTimeSeconds: waitSeconds,
      AttributeNames: ["All"],
      MessageSystemAttributeNames: ["All"],
      MessageAttributeNames: ["All"],
    });
    return answer.Messages ?? [];
  };

  const step = async () => {
    queueUrl ??= (await context.api.target<{ QueueUrl: string }>("sqs", "AmazonSQS.GetQueueUrl", { QueueName: queue })).QueueUrl;
    const batch = await receive(mapping.batchSize, 1);
    if (batch.length === 0) return;
    const windowEnds = Date.now() + mapping.batchWindowSeconds * 1000;
    while (batch.length < mapping.batchSize && Date.now() < windowEnds && !context.signal.aborted) {
      const more = await receive(mapping.batchSize - batch.length, 0);
      if (more.length === 0) await sleep(Math.min(500, windowEnds - Date.now()), context.signal);
      batch.push(...more);
    }
    const result = await context.invoke(mapping.fn, { Records: batch.map((m) => record(m, mapping.queueArn, context.region)) });
    const keep = result.ok ? failedIds(result.payload, batch, mapping.reportBatchItemFailures) : new Set(batch.map((m) => m.MessageId));
    const done = batch.filter((m) => !keep.has(m.MessageId));
    for (let i = 0; i < done.length; i += 10) {
      await context.api.target("sqs", "AmazonSQS.DeleteMessageBatch", {
        QueueUrl: queueUrl,
        Entries: done.slice(i, i + 10).map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle })),
      });
    }
    if (keep.size > 0) context.note(`${describe}: ${keep.size} of ${batch.length} messages failed; they return after the visibility timeout`);
  };

  return { describe, run: () => keepRunning(context, describe, step) };
}

/**
 * The messages to leave in the queue. An answer Lambda cannot read as a list of batch item
 * failures (an identifier that is empty or not in the batch) fails the whole batch, as Lambda does.
 */
export function failedIds(payload: string, batch: { MessageId: string }[], reportBatchItemFailures: boolean): Set<string> {
  if (!reportBatchItemFailures) return new Set();
  const all = new Set(batch.map((m) => m.MessageId));
  let answer: unknown;
  try {
    answer = JSON.parse(payload);
  } catch {
    return all;
  }
  const failures = (answer as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return all;
  const ids = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== "string" || !all.has(id)) return all;
    ids.add(id);
  }
  return ids;
}

function record(m: Message, queueArn: string, region: string) {
  const a = m.Attributes ?? {};
  return {
    messageId: m.MessageId,
    receiptHandle: m.ReceiptHandle,
    body: m.Body,
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? "1",
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? "AIDAIENQZJOLO23YVJ4VO",
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(a.MessageGroupId ? { MessageGroupId: a.MessageGroupId } : {}),
      ...(a.MessageDeduplicationId ? { MessageDeduplicationId: a.MessageDeduplicationId } : {}),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(m.MessageAttributes ?? {}).map(([name, v]) => [
        name,
        { stringValue: v.StringValue, binaryValue: v.BinaryValue, stringListValues: [], binaryListValues: [], dataType: v.DataType },
      ]),
    ),
    md5OfBody: m.MD5OfBody,
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}
