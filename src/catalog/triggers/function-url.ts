import { usageError } from "../../errors.js";
import type { TriggerDef } from "../trigger.js";

export const functionUrl: TriggerDef = {
  id: "function-url",
  attachRefusal: "AWS gives a function one URL",
  title: "Lambda function URL",
  functionName: "url",
  sharedCode: ["http"],
  invocation: "sync",
  options: [
    {
      key: "auth",
      flag: "url-auth",
      describe: "Function URL auth (NONE makes it public)",
      type: "choice",
      choices: ["AWS_IAM", "NONE"],
      default: "AWS_IAM",
    },
    {
      key: "corsOrigin",
      flag: "url-cors-origin",
      describe: "Allowed CORS origin for a public URL",
      type: "string",
      default: "",
      flagOnly: true,
      check: (v) => (v === "" || /^https?:\/\/[A-Za-z0-9.\-:]+$/.test(String(v)) ? undefined : "must be an origin such as https://example.com"),
    },
  ],
  finalize(options) {
    if (options.corsOrigin && options.auth !== "NONE") {
      throw usageError("--url-cors-origin only applies to a public URL (--url-auth NONE)");
    }
    return options;
  },
};
