import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { Construct } from "constructs";
import { oldestMessageAlarm } from "../constructs/alarms";
import { namedOutput } from "../constructs/outputs";
import { SecureQueue } from "../constructs/secure-queue";
import type { ServiceFunction } from "../constructs/service-function";

export interface SqsTriggerProps {
  fn: ServiceFunction;
  /** The function's name in AWS; the queue is named after it. */
  name: string;
  /** Messages per invocation (1 to 10,000; above 10 needs a batching window). */
  batchSize: number;
  /** Seconds Lambda may wait to fill a batch (0 to 300). */
  batchWindow: number;
  /** The function's timeout in seconds, which the queue's visibility timeout must cover. */
  functionTimeout: number;
  /**
   * 2, 3, ...: a further trigger of this kind on the same function (`lambdaform add trigger
   * --function`). It tags the names and outputs, so they stay distinct; absent for the first.
   */
  source?: number;
}

/**
 * An encrypted queue of the function's own that Lambda polls, handing the function batches of
 * messages. The handler reports failed messages one by one (ReportBatchItemFailures): only
 * those are retried, and after five receives SQS moves them to the dead-letter queue.
 */
export class SqsTrigger extends Construct {
  readonly source: SecureQueue;

  constructor(scope: Construct, id: string, props: SqsTriggerProps) {
    super(scope, id);
    const { fn } = props;
    const tag = props.source ? `-${props.source}` : "";
    const outputTag = props.source ? `_${props.source}` : "";
    this.source = new SecureQueue(this, "source", {
      name: `${props.name}-queue${tag}`,
      // AWS advises at least six times the function's timeout, so Lambda can retry a throttled
      // batch before its messages become visible to other pollers again.
      visibilityTimeoutSeconds: 6 * props.functionTimeout,
      maxReceiveCount: 5,
    });
    const { queue, deadLetterQueue } = this.source;
    // A message this old has been retried for a while, or the function cannot keep up.
    oldestMessageAlarm(this, queue, `${props.name}-queue${tag}`, 900);

    // The three actions Lambda's poller needs; the handler itself never calls SQS on this queue.
    const receive = fn.grant(`sqs-source${tag}`, {
      actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
      resources: [queue.arn],
    });
    new LambdaEventSourceMapping(this, "mapping", {
      eventSourceArn: queue.arn,
      functionName: fn.target.arn,
      batchSize: props.batchSize,
      maximumBatchingWindowInSeconds: props.batchWindow,
      functionResponseTypes: ["ReportBatchItemFailures"],
      // Lambda checks the role's permissions when the mapping is created.
      dependsOn: [receive],
    });

    namedOutput(this, `${fn.node.id}_queue${outputTag}_url`, queue.url, `${fn.node.id} queue: messages sent here invoke the function`);
    namedOutput(
      this,
      `${fn.node.id}_dead_letter_queue${outputTag}_url`,
      deadLetterQueue.url,
      `${fn.node.id} dead-letter queue: messages that failed five times`,
    );
  }
}
