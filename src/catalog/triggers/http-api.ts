import { corsOptions, corsSettings, finalizeCors } from "../cors.js";
import { routeKeyProblem } from "../http-route.js";
import type { TriggerDef } from "../trigger.js";

export const httpApi: TriggerDef = {
  id: "http-api",
  attach: "another route on its HTTP API",
  title: "API Gateway HTTP API",
  functionName: "api",
  sharedCode: ["http"],
  invocation: "sync",
  options: [
    {
      key: "route",
      flag: "http-route",
      describe: "HTTP API route key",
      type: "string",
      default: "ANY /{proxy+}",
      check: (v) => routeKeyProblem(String(v)),
    },
    ...corsOptions,
  ],
  finalize: finalizeCors,
  templateData: (options) => ({ cors: corsSettings(options) }),
};
