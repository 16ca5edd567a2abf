import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Construct } from "constructs";
import { namedOutput } from "../constructs/outputs";
import { SecureTopic } from "../constructs/secure-topic";
import type { ServiceFunction } from "../constructs/service-function";

export interface TopicProps {
  /** The environment variable functions find it through (`TOPIC_ARN`, or `ORDERS_TOPIC_ARN` for a second one). */
  variable: string;
  name: string;
}

/** An SNS topic the functions publish to (see SecureTopic); functions that use it find it through its variable. */
export class Topic extends Construct {
  readonly topic: SnsTopic;
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: TopicProps) {
    super(scope, id);
    this.topic = new SecureTopic(this, "topic", { name: props.name }).topic;
    this.environment = { [props.variable]: this.topic.arn };
    // Named after the variable (`topic_arn`), so the README's `terraform output -raw topic_arn` works;
    // it is also where `npm run invoke` reads the variable from.
    namedOutput(this, props.variable.toLowerCase(), this.topic.arn, "SNS topic ARN");
  }

  /**
   * Publishing only. The topic is encrypted with the AWS-managed SNS key, whose key policy lets
   * this account's principals use it through SNS, so the role needs no kms: permission.
   */
  grantTo(fn: ServiceFunction): void {
    fn.grant(this.node.id, { actions: ["sns:Publish"], resources: [this.topic.arn] });
  }
}
