import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { namedOutput } from "../constructs/outputs";
import type { ServiceFunction } from "../constructs/service-function";

export interface ScheduleTriggerProps {
  fn: ServiceFunction;
  /** `rate(5 minutes)`, `cron(0 12 * * ? *)` or `at(2030-01-01T00:00:00)`. */
  expression: string;
  /** IANA time zone the expression is read in, e.g. `Europe/Paris`. */
  timezone: string;
  /**
   * 2, 3, ...: a further trigger of this kind on the same function (`lambdaform add trigger
   * --function`). It tags the names and outputs, so they stay distinct; absent for the first.
   */
  source?: number;
}

/**
 * The input each run sends to the function. Scheduler replaces the `<aws.scheduler.*>`
 * placeholders on every invocation, so the function knows which run it is handling.
 */
const runInput = JSON.stringify({
  scheduleArn: "<aws.scheduler.schedule-arn>",
  scheduledTime: "<aws.scheduler.scheduled-time>",
  executionId: "<aws.scheduler.execution-id>",
  attemptNumber: "<aws.scheduler.attempt-number>",
});

/**
 * An EventBridge Scheduler schedule that invokes the function. Scheduler calls Lambda with a
 * role of its own (no resource policy on the function) and invokes asynchronously: runs the
 * function keeps failing on, and invocations Scheduler cannot make, go to the failure queue.
 */
export class ScheduleTrigger extends Construct {
  readonly schedule: SchedulerSchedule;

  constructor(scope: Construct, id: string, props: ScheduleTriggerProps) {
    super(scope, id);
    const { fn } = props;
    const tag = props.source ? `-${props.source}` : "";
    const name = `${fn.function.functionName}-schedule${tag}`;
    const failures = fn.sendFailuresToQueue();

    // Only Scheduler acting for this account may assume the role (confused-deputy protection).
    const account = new DataAwsCallerIdentity(this, "account");
    const role = new IamRole(this, "role", {
      name: `${fn.function.functionName}-scheduler${tag}`,
      assumeRolePolicy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "scheduler.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
          },
        ],
      }),
    });
    const policy = new IamRolePolicy(this, "invoke", {
      name: "invoke-function",
      role: role.id,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [fn.target.arn] },
          // Scheduler writes undeliverable runs to the dead-letter queue with this role.
          { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [failures.arn] },
        ],
      }),
    });

    this.schedule = new SchedulerSchedule(this, "schedule", {
      name,
      scheduleExpression: props.expression,
      scheduleExpressionTimezone: props.timezone,
      flexibleTimeWindow: { mode: "OFF" },
      target: {
        arn: fn.target.arn,
        roleArn: role.arn,
        input: runInput,
        // Retries cover Lambda refusing the invocation (throttling); a run that has not started
        // within the hour is stale, and goes to the dead-letter queue instead.
        retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3600 },
        deadLetterConfig: { arn: failures.arn },
      },
      // The first run must not fire before the role may invoke the function.
      dependsOn: [policy],
    });

    namedOutput(this, `${fn.node.id}_schedule${props.source ? `_${props.source}` : ""}_name`, this.schedule.name, `Schedule that invokes ${fn.node.id}`);
  }
}
