import type { OptionValue } from "../option.js";
import { firstCronValue, parseScheduleExpression } from "../schedule-expression.js";
import type { TriggerDef } from "../trigger.js";

/**
 * Scheduler takes IANA zone names. Intl knows them all, aliases included, and throws on others;
 * it also takes any capitalisation ("europe/paris"), which Scheduler does not promise to, so the
 * name must be written as Intl writes it back (aliases keep their own spelling).
 */
function timeZoneProblem(name: string): string | undefined {
  const refusal = "must be an IANA time zone such as Europe/Paris or UTC";
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return refusal;
  }
  if (!/^[A-Za-z]/.test(name)) return refusal;
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) return `must be written ${resolved}`;
  return undefined;
}

const checkExpression = (value: OptionValue) => parseScheduleExpression(String(value)).problem;

/**
 * A time the schedule could fire at, written as Scheduler fills in `<aws.scheduler.scheduled-time>`
 * (UTC, whole seconds), for the sample event: the `at()` time, the minute and hour of a cron
 * expression (its first value, for ranges and steps) on a fixed day, or a fixed time for a rate.
 */
function sampleScheduledTime(options: Record<string, OptionValue>): string {
  const { expression } = parseScheduleExpression(String(options.expression));
  const pad = (n: number) => String(n).padStart(2, "0");
  let local = "2024-03-13T09:20:00";
  if (expression?.kind === "at") local = expression.time;
  else if (expression?.kind === "cron") {
    const hour = firstCronValue(expression.fields.hours, "hours") ?? 9;
    const minute = firstCronValue(expression.fields.minutes, "minutes") ?? 0;
    local = `2024-03-13T${pad(hour)}:${pad(minute)}:00`;
  }
  return new Date(Date.parse(`${local}Z`) - utcOffsetMinutes(local, String(options.timezone)) * 60_000)
    .toISOString()
    .replace(".000Z", "Z");
}

/** The zone's offset from UTC around a local time, in minutes; 0 for a zone this Node does not know. */
function utcOffsetMinutes(local: string, timeZone: string): number {
  let name: string | undefined;
  try {
    const format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    name = format.formatToParts(new Date(`${local}Z`)).find((part) => part.type === "timeZoneName")?.value;
  } catch {
    return 0;
  }
  const [, sign, hours, minutes] = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name ?? "") ?? [];
  return sign ? (sign === "+" ? 1 : -1) * (Number(hours) * 60 + Number(minutes)) : 0;
}

export const schedule: TriggerDef = {
  id: "schedule",
  attach: "another schedule",
  title: "EventBridge Scheduler (cron or rate)",
  functionName: "job",
  invocation: "async",
  options: [
    {
      key: "expression",
      flag: "schedule",
      describe: "Schedule expression",
      type: "string",
      default: "rate(5 minutes)",
      check: checkExpression,
    },
    {
      key: "timezone",
      flag: "schedule-timezone",
      describe: "Time zone of the schedule",
      type: "string",
      default: "UTC",
      flagOnly: true,
      check: (v) => timeZoneProblem(String(v)),
    },
  ],
  templateData: (options) => ({ scheduledTime: sampleScheduledTime(options) }),
};
