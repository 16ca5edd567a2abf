import type { TriggerDef } from "../trigger.js";

export const sns: TriggerDef = {
  id: "sns",
  attachRefusal: "the topic is the function's own, and any number of publishers can use it",
  title: "SNS topic subscription",
  functionName: "notifications",
  constructs: ["topic"],
  invocation: "async",
  options: [],
};
