import type { TriggerDef } from "../trigger.js";

function checkPattern(value: unknown): string | undefined {
  let pattern: unknown;
  try {
    pattern = JSON.parse(String(value));
  } catch {
    return "must be a JSON object";
  }
  if (typeof pattern !== "object" || pattern === null || Array.isArray(pattern) || Object.keys(pattern).length === 0) {
    return "must be a non-empty JSON object such as {\"source\":[\"my.app\"]}";
  }
  return undefined;
}

export const eventbridge: TriggerDef = {
  id: "eventbridge",
  title: "EventBridge rule (event pattern)",
  functionName: "events",
  invocation: "async",
  options: [
    {
      key: "pattern",
      flag: "event-pattern",
      describe: "Event pattern (JSON)",
      type: "string",
      default: '{"source":["my.app"],"detail-type":["ItemCreated"]}',
      check: checkPattern,
    },
  ],
};
