import type { OptionValue } from "../option.js";
import type { TriggerDef } from "../trigger.js";

const rate = /^rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)$/;
// Cron fields use digits, names (JAN, MON), L, W and * ? , - / # only; nothing else (such as
// Terraform template syntax, `${`) gets through.
const cron = /^cron\(([A-Z0-9*?,\/#-]+ ){5}[A-Z0-9*?,\/#-]+\)$/;
const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;

/** An `at()` time must be a real one: 2030-02-30 matches the pattern but is no date. */
function isRealTime(text: string): boolean {
  const time = Date.parse(`${text}Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}

/** Scheduler takes IANA zone names; Intl knows them all, aliases included, and throws on others. */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return /^[A-Za-z]/.test(name);
  } catch {
    return false;
  }
}

function checkExpression(value: OptionValue): string | undefined {
  const text = String(value);
  const atTime = at.exec(text)?.[1];
  if (atTime) return isRealTime(atTime) ? undefined : `has no such time: ${atTime}`;
  return rate.test(text) || cron.test(text)
    ? undefined
    : 'must be "rate(5 minutes)", "cron(0 12 * * ? *)" or "at(2030-01-01T00:00:00)"';
}

/**
 * A time the schedule could fire at, written as Scheduler fills in `<aws.scheduler.scheduled-time>`
 * (UTC, whole seconds), for the sample event: the `at()` time, the minute and hour of a cron
 * expression (its first value, for ranges and steps) on a fixed day, or a fixed time for a rate.
 */
function sampleScheduledTime(options: Record<string, OptionValue>): string {
  const expression = String(options.expression);
  const pad = (n: number) => String(n).padStart(2, "0");
  let local = "2024-03-13T09:20:00";
  const atTime = /^at\((.+)\)$/.exec(expression)?.[1];
  const cronFields = /^cron\((.+)\)$/.exec(expression)?.[1]?.split(" ");
  if (atTime) local = atTime;
  else if (cronFields) {
    const [minute = Number.NaN, hour = Number.NaN] = cronFields.map((field) => Number.parseInt(field, 10));
    local = `2024-03-13T${pad(Number.isNaN(hour) ? 9 : hour)}:${pad(Number.isNaN(minute) ? 0 : minute)}:00`;
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
      check: (v) => (isTimeZone(String(v)) ? undefined : "must be an IANA time zone such as Europe/Paris or UTC"),
    },
  ],
  templateData: (options) => ({ scheduledTime: sampleScheduledTime(options) }),
};
