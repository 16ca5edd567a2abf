import type { TriggerDef } from "../trigger.js";

export const sns: TriggerDef = {
  id: "sns",
  title: "SNS topic subscription",
  functionName: "notifications",
  invocation: "async",
  options: [],
};
