import type { TriggerDef } from "../trigger.js";

export const restApi: TriggerDef = {
  id: "rest-api",
  attachRefusal: "its REST API already sends every path and method to the function (a greedy proxy)",
  title: "API Gateway REST API (proxy integration)",
  functionName: "rest",
  sharedCode: ["http"],
  invocation: "sync",
  options: [
    {
      key: "stageName",
      flag: "rest-stage",
      describe: "REST API stage name",
      type: "string",
      default: "v1",
      check: (v) => (/^[A-Za-z0-9_]{1,128}$/.test(String(v)) ? undefined : "must be letters, digits and underscores"),
    },
  ],
};
