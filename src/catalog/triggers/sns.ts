import type { TriggerDef } from "../trigger.js";

export const sns: TriggerDef = {
  id: "sns",
  title: "SNS topic subscription",
  functionName: "notifications",
  constructs: ["topic"],
  invocation: "async",
  options: [],
};
