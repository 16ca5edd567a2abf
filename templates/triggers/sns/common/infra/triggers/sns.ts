import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { namedOutput } from "../constructs/outputs";
import { SecureTopic } from "../constructs/secure-topic";
import type { ServiceFunction } from "../constructs/service-function";

export interface SnsTriggerProps {
  fn: ServiceFunction;
}

/**
 * A topic of the function's own (encrypted, TLS only), subscribed to the function. SNS invokes
 * Lambda asynchronously, so notifications the function keeps failing on go to its failure queue.
 */
export class SnsTrigger extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: SnsTriggerProps) {
    super(scope, id);
    const { fn } = props;

    this.topic = new SecureTopic(this, "topic", { name: `${fn.function.functionName}-topic` }).topic;

    // Only this topic may invoke the function.
    const permission = fn.allowInvoke(this, {
      statementId: "AllowSnsInvoke",
      principal: "sns.amazonaws.com",
      sourceArn: this.topic.arn,
    });
    new SnsTopicSubscription(this, "subscription", {
      topicArn: this.topic.arn,
      protocol: "lambda",
      endpoint: fn.target.arn,
      // SNS delivers as soon as the subscription exists; without the permission those deliveries fail.
      dependsOn: [permission],
    });
    fn.sendFailuresToQueue();

    namedOutput(this, `${fn.node.id}_topic_arn`, this.topic.arn, `Publish to this SNS topic to invoke ${fn.node.id}`);
  }
}
