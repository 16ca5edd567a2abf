import { readFileSync } from "node:fs";
import path from "node:path";
import type { Context } from "aws-lambda";

/** A sample event from events/<function>/<name>.json, exactly as the AWS service delivers it. */
export function loadEvent<T>(functionName: string, name: string): T {
  return JSON.parse(readFileSync(path.join("events", functionName, `${name}.json`), "utf8")) as T;
}

/** The context Lambda passes a handler, with a fixed request id tests can look for. */
export function lambdaContext(functionName: string, requestId = "test-request-id"): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: "256",
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2024/01/01/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
