import { corsOptions, corsSettings, finalizeCors } from "../cors.js";
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
    {
      // Account-wide (aws_api_gateway_account): destroying the project would reset logging for
      // every REST API in the account and region, so it is never on unless asked for.
      key: "accountLogging",
      flag: "rest-account-logging",
      describe: "Register API Gateway's CloudWatch role for the account and turn on execution logs (account-wide; off unless given)",
      type: "boolean",
      flagOnly: true,
    },
    ...corsOptions,
  ],
  finalize: finalizeCors,
  templateData: (options) => ({ accountLogging: options.accountLogging === true, cors: corsSettings(options) }),
};
