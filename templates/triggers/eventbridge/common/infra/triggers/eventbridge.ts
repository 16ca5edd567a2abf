import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { notEmptyAlarm } from "../constructs/alarms";
import { namedOutput } from "../constructs/outputs";
import { terraformLiteral } from "../constructs/terraform-literal";
import type { ServiceFunction } from "../constructs/service-function";

export interface EventbridgeTriggerProps {
  fn: ServiceFunction;
  /** Event pattern (JSON) the rule matches on the default event bus. */
  pattern: string;
  /**
   * 2, 3, ...: a further trigger of this kind on the same function (`lambdaform add trigger
   * --function`). It tags the names and outputs, so they stay distinct; absent for the first.
   */
  source?: number;
}

/**
 * A rule on the default event bus that sends matching events to the function. Failures have two
 * places to go: events EventBridge cannot deliver (after its retries) go to the rule's own
 * `-undelivered` queue; events the function keeps failing on go to the function's failure queue.
 */
export class EventbridgeTrigger extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: EventbridgeTriggerProps) {
    super(scope, id);
    const { fn } = props;
    const tag = props.source ? `-${props.source}` : "";
    const outputTag = props.source ? `_${props.source}` : "";
    const name = `${fn.function.functionName}-rule${tag}`;
    // A further rule's queue is named after the rule: "-undelivered" stays last, as alarms expect.
    const undeliveredName = props.source ? `${name}-undelivered` : `${fn.function.functionName}-undelivered`;

    this.rule = new CloudwatchEventRule(this, "rule", { name, eventPattern: terraformLiteral(props.pattern) });

    // SSE-SQS rather than a KMS key: EventBridge can write to it without a key policy.
    const undelivered = new SqsQueue(this, "undelivered", {
      name: undeliveredName,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 1209600,
    });
    notEmptyAlarm(this, "undelivered-alarm", undelivered, undeliveredName);
    // EventBridge sends dead letters as its service principal, not through a role, so the queue
    // policy admits it, for this rule only.
    new SqsQueuePolicy(this, "undelivered-policy", {
      queueUrl: undelivered.url,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AllowRuleDeadLetters",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: undelivered.arn,
            Condition: { ArnEquals: { "aws:SourceArn": this.rule.arn } },
          },
        ],
      }),
    });

    // Only this rule may invoke the function.
    const permission = fn.allowInvoke(this, {
      statementId: `AllowEventBridgeInvoke${props.source ?? ""}`,
      principal: "events.amazonaws.com",
      sourceArn: this.rule.arn,
    });
    new CloudwatchEventTarget(this, "target", {
      rule: this.rule.name,
      arn: fn.target.arn,
      // Retries cover Lambda refusing the event (throttling); an event not delivered within the
      // hour goes to the undelivered queue instead.
      retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3600 },
      deadLetterConfig: { arn: undelivered.arn },
      // Events matched before the permission exists could not be delivered.
      dependsOn: [permission],
    });
    fn.sendFailuresToQueue();

    namedOutput(this, `${fn.node.id}_rule${outputTag}_name`, this.rule.name, `Rule that sends events to ${fn.node.id}`);
    namedOutput(this, `${fn.node.id}_undelivered${outputTag}_url`, undelivered.url, `Events the rule could not deliver to ${fn.node.id}`);
  }
}
