import type { TriggerDef } from "../trigger.js";

const rate = /^rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)$/;
const cron = /^cron\((\S+ ){5}\S+\)$/;
const at = /^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/;

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
      check: (v) =>
        [rate, cron, at].some((p) => p.test(String(v)))
          ? undefined
          : 'must be "rate(5 minutes)", "cron(0 12 * * ? *)" or "at(2030-01-01T00:00:00)"',
    },
    {
      key: "timezone",
      flag: "schedule-timezone",
      describe: "Time zone of the schedule",
      type: "string",
      default: "UTC",
      flagOnly: true,
      check: (v) => (/^[A-Za-z_]+(\/[A-Za-z0-9_\-+]+)*$/.test(String(v)) ? undefined : "must be an IANA time zone such as Europe/Paris"),
    },
  ],
};
