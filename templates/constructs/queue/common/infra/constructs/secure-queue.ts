import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { notEmptyAlarm } from "./alarms";

export interface SecureQueueProps {
  name: string;
  /**
   * How long a received message stays hidden. For a queue that triggers a function, AWS asks
   * for at least six times the function's timeout, so retries do not overlap a slow run.
   */
  visibilityTimeoutSeconds?: number;
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount?: number;
}

/** An encrypted SQS queue whose poison messages end up in an encrypted dead-letter queue. */
export class SecureQueue extends Construct {
  readonly queue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;

  constructor(scope: Construct, id: string, props: SecureQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new SqsQueue(this, "dlq", {
      name: `${props.name}-dlq`,
      sqsManagedSseEnabled: true,
      // The longest SQS allows: time to look at what failed.
      messageRetentionSeconds: 1209600,
    });
    notEmptyAlarm(this, "dlq-alarm", this.deadLetterQueue, `${props.name}-dlq`);
    this.queue = new SqsQueue(this, "queue", {
      name: props.name,
      sqsManagedSseEnabled: true,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds ?? 30,
      redrivePolicy: Fn.jsonencode({
        deadLetterTargetArn: this.deadLetterQueue.arn,
        maxReceiveCount: props.maxReceiveCount ?? 5,
      }),
    });
  }
}
