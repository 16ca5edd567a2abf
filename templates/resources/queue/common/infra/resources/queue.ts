import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import { namedOutput } from "../constructs/outputs";
import { SecureQueue } from "../constructs/secure-queue";
import type { ServiceFunction } from "../constructs/service-function";

export interface QueueProps {
  /** The environment variable functions find it through (`QUEUE_URL`, or `ORDERS_QUEUE_URL` for a second one). */
  variable: string;
  name: string;
}

/**
 * An SQS queue the functions send to, for a consumer outside this project (see SecureQueue);
 * functions that use it find it through its variable.
 */
export class Queue extends Construct {
  readonly queue: SqsQueue;
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: QueueProps) {
    super(scope, id);
    this.queue = new SecureQueue(this, "queue", { name: props.name }).queue;
    this.environment = { [props.variable]: this.queue.url };
    // Named after the variable (`queue_url`), so the README's `terraform output -raw queue_url` works;
    // it is also where `npm run invoke` reads the variable from.
    namedOutput(this, props.variable.toLowerCase(), this.queue.url, "SQS queue URL");
  }

  /**
   * Sending only. The queue uses SQS-managed encryption (keys SQS owns, not KMS keys), so the
   * role needs no kms: permission.
   */
  grantTo(fn: ServiceFunction): void {
    fn.grant(this.node.id, { actions: ["sqs:SendMessage"], resources: [this.queue.arn] });
  }
}
