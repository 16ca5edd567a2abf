import { randomUUID } from "node:crypto";
import { sleep, type DeliveryContext, type EventSource } from "../delivery.js";
import { nextRun } from "../schedule-times.js";

export interface Schedule {
  fn: string;
  name: string;
  groupName: string;
  arn: string;
  expression: string;
  timezone: string;
  /** The target's input, with Scheduler's `<aws.scheduler.*>` placeholders. */
  input?: string;
  enabled: boolean;
}

/** The target input of one run, placeholders filled in as Scheduler fills them. */
export function scheduledInput(schedule: Schedule, scheduledTime: Date): unknown {
  if (schedule.input === undefined) return {};
  const filled = schedule.input
    .replaceAll("<aws.scheduler.schedule-arn>", schedule.arn)
    .replaceAll("<aws.scheduler.scheduled-time>", scheduledTime.toISOString().replace(/\.\d{3}Z$/, "Z"))
    .replaceAll("<aws.scheduler.execution-id>", randomUUID())
    .replaceAll("<aws.scheduler.attempt-number>", "1");
  try {
    return JSON.parse(filled);
  } catch {
    return filled;
  }
}

/** A schedule that invokes the function: each run on its expression, asynchronously, as Scheduler does. */
export function scheduleSource(context: DeliveryContext, schedule: Schedule): EventSource {
  const describe = `schedule ${schedule.name} ${schedule.expression}${schedule.timezone && schedule.timezone !== "UTC" ? ` (${schedule.timezone})` : ""} -> ${schedule.fn}`;
  const run = async () => {
    if (!schedule.enabled) return;
    const startedAt = new Date();
    let from = startedAt;
    for (;;) {
      const next = nextRun(schedule.expression, schedule.timezone, from, startedAt);
      if (!next || context.signal.aborted) return;
      // Timers wait at most about 24 days; wake up at least daily and check again.
      while (Date.now() < next.getTime() && !context.signal.aborted) await sleep(Math.min(next.getTime() - Date.now(), 86_400_000), context.signal);
      if (context.signal.aborted) return;
      context.invokeAsync(schedule.fn, scheduledInput(schedule, next));
      from = next;
    }
  };
  return { describe, run };
}
