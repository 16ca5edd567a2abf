import type { TriggerDef } from "../trigger.js";

const routePattern = /^(\$default|(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/[A-Za-z0-9_\-./{}+]*)$/;

export const httpApi: TriggerDef = {
  id: "http-api",
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
      check: (v) => (routePattern.test(String(v)) ? undefined : 'must be "$default" or "METHOD /path", e.g. "ANY /{proxy+}"'),
    },
  ],
};
