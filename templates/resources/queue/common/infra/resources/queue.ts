import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
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
    const output = new TerraformOutput(this, "url", { value: this.queue.url, description: "SQS queue URL" });
    // cdktf would append a hash to the name; a fixed one works with `terraform output -raw queue_url`.
    output.overrideLogicalId("queue_url");
  }

  /**
   * Sending only. The queue uses SQS-managed encryption (keys SQS owns, not KMS keys), so the
   * role needs no kms: permission.
   */
  grantTo(fn: ServiceFunction): void {
    fn.grant("queue", { actions: ["sqs:SendMessage"], resources: [this.queue.arn] });
  }
}
