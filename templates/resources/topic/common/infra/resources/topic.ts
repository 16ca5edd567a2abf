import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Construct } from "constructs";
import { namedOutput } from "../constructs/outputs";
import { SecureTopic } from "../constructs/secure-topic";
import type { ServiceFunction } from "../constructs/service-function";

export interface TopicProps {
  name: string;
}

/** An SNS topic the functions publish to (see SecureTopic); functions find it through TOPIC_ARN. */
export class Topic extends Construct {
  readonly topic: SnsTopic;
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: TopicProps) {
    super(scope, id);
    this.topic = new SecureTopic(this, "topic", { name: props.name }).topic;
    this.environment = { TOPIC_ARN: this.topic.arn };
    // A fixed name, so the README's `terraform output -raw topic_arn` works; it is also what
    // `npm run invoke` reads TOPIC_ARN from.
    namedOutput(this, "topic_arn", this.topic.arn, "SNS topic ARN");
  }

  /**
   * Publishing only. The topic is encrypted with the AWS-managed SNS key, whose key policy lets
   * this account's principals use it through SNS, so the role needs no kms: permission.
   */
  grantTo(fn: ServiceFunction): void {
    fn.grant("topic", { actions: ["sns:Publish"], resources: [this.topic.arn] });
  }
}
