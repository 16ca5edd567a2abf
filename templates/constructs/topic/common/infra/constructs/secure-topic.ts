import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { Fn } from "cdktf";
import { Construct } from "constructs";

export interface SecureTopicProps {
  name: string;
}

/** An SNS topic encrypted with the AWS-managed SNS key that refuses requests without TLS. */
export class SecureTopic extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: SecureTopicProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, "topic", { name: props.name, kmsMasterKeyId: "alias/aws/sns" });
    new SnsTopicPolicy(this, "tls-only", {
      arn: this.topic.arn,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Publish",
            Resource: this.topic.arn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
    });
  }
}
