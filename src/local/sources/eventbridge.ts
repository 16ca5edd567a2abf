import { keepRunning, type DeliveryContext, type EventSource } from "../delivery.js";
import { drainTap, openTap } from "./tap.js";

export interface RuleTarget {
  fn: string;
  ruleName: string;
  eventBusName: string;
  /** The target's constant Input, when it has one: the function gets that instead of the event. */
  input?: string;
}

const tapTargetId = "lambdaform-dev";

/**
 * A rule that targets the function: the emulator matches events against the rule's pattern
 * and sends the matching ones to a tap queue added as a second target of the rule; each
 * reaches the function asynchronously, as EventBridge invokes Lambda.
 */
export function eventBridgeSource(context: DeliveryContext, target: RuleTarget): EventSource {
  const describe = `eventbridge rule ${target.ruleName} -> ${target.fn}`;
  let tap: Awaited<ReturnType<typeof openTap>> | undefined;
  const step = async () => {
    if (!tap) {
      const opened = await openTap(context, "events", `${target.eventBusName}/${target.ruleName}`);
      await context.api.target("events", "AWSEvents.PutTargets", {
        Rule: target.ruleName,
        EventBusName: target.eventBusName,
        Targets: [{ Id: tapTargetId, Arn: opened.arn }],
      });
      tap = opened;
    }
    await drainTap(context, tap, (body) => {
      context.invokeAsync(target.fn, target.input === undefined ? JSON.parse(body) : JSON.parse(target.input));
    });
  };
  return { describe, run: () => keepRunning(context, describe, step) };
}
