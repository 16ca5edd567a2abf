import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import { namedOutput } from "../constructs/outputs";
import { SecureQueue } from "../constructs/secure-queue";
import type { ServiceFunction } from "../constructs/service-function";

export interface QueueProps {
  name: string;
}

/**
 * An SQS queue the functions send to, for a consumer outside this project (see SecureQueue);
 * functions find it through QUEUE_URL.
 */
export class Queue extends Construct {
  readonly queue: SqsQueue;
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: QueueProps) {
    super(scope, id);
    this.queue = new SecureQueue(this, "queue", { name: props.name }).queue;
    this.environment = { QUEUE_URL: this.queue.url };
    // A fixed name, so the README's `terraform output -raw queue_url` works; it is also what
    // `npm run invoke` reads QUEUE_URL from.
    namedOutput(this, "queue_url", this.queue.url, "SQS queue URL");
  }

  /**
   * Sending only. The queue uses SQS-managed encryption (keys SQS owns, not KMS keys), so the
   * role needs no kms: permission.
   */
  grantTo(fn: ServiceFunction): void {
    fn.grant("queue", { actions: ["sqs:SendMessage"], resources: [this.queue.arn] });
  }
}
