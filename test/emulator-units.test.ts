import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { functionErrorResponse, matchRoute, requestEvent, responseFrom, type LocalRequest } from "../src/local/http-events.js";
import { FunctionRunner, type FunctionConfig } from "../src/local/runners/runner.js";
import { nextRun } from "../src/local/schedule-times.js";
import { scheduledInput } from "../src/local/sources/schedule.js";
import { failedIds } from "../src/local/sources/sqs.js";

/**
 * The parts of `lambdaform dev` that need no emulator: the HTTP event shapes and responses,
 * SQS partial batch answers, schedule times, and the runners with Lambda's context and timeout.
 */

const request = (over: Partial<LocalRequest> = {}): LocalRequest => ({
  method: "POST",
  path: "/items/a%20b",
  rawQueryString: "x=1&x=2&y=3",
  rawHeaders: ["Content-Type", "application/json", "Cookie", "a=1; b=2", "X-Many", "1", "X-Many", "2"],
  body: Buffer.from('{"id":"1"}'),
  sourceIp: "127.0.0.1",
  ...over,
});
const source = { region: "eu-west-1", accountId: "123456789012" };

describe("HTTP events", () => {
  it("HTTP API: payload format 2.0 with the matched route, cookies apart, repeated values joined", () => {
    const event = requestEvent(request(), { ...source, trigger: "http-api", routeKey: "POST /items/{id}", pathParameters: { id: "a b" } }) as any;
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "POST /items/{id}",
      rawPath: "/items/a%20b",
      rawQueryString: "x=1&x=2&y=3",
      cookies: ["a=1", "b=2"],
      queryStringParameters: { x: "1,2", y: "3" },
      pathParameters: { id: "a b" },
      body: '{"id":"1"}',
      isBase64Encoded: false,
      requestContext: { accountId: "123456789012", stage: "$default", http: { method: "POST", path: "/items/a%20b", sourceIp: "127.0.0.1" } },
    });
    expect(event.headers).toEqual({ "content-type": "application/json", "x-many": "1,2" });
  });

  it("REST API: the proxy event (1.0) with multi-value maps, the stage in requestContext.path", () => {
    const event = requestEvent(request(), { ...source, trigger: "rest-api", stage: "v1" }) as any;
    expect(event).toMatchObject({
      resource: "/{proxy+}",
      path: "/items/a%20b",
      httpMethod: "POST",
      multiValueHeaders: { "x-many": ["1", "2"] },
      queryStringParameters: { x: "1,2", y: "3" },
      multiValueQueryStringParameters: { x: ["1", "2"], y: ["3"] },
      pathParameters: { proxy: "items/a%20b" },
      requestContext: { stage: "v1", path: "/v1/items/a%20b", httpMethod: "POST", accountId: "123456789012" },
      isBase64Encoded: false,
    });
  });

  it("function URL: 2.0 with route $default and an anonymous caller; a binary body arrives base64-encoded", () => {
    const event = requestEvent(request({ rawHeaders: ["content-type", "image/png"], body: Buffer.from([0, 1, 2]) }), { ...source, trigger: "function-url" }) as any;
    expect(event).toMatchObject({ version: "2.0", routeKey: "$default", isBase64Encoded: true, body: "AAEC", requestContext: { accountId: "anonymous" } });
  });

  it("routes: $default takes everything; {id} one segment; {proxy+} the rest; the method must match unless ANY", () => {
    expect(matchRoute("$default", "GET", "/anything/at/all")).toEqual({});
    expect(matchRoute("GET /items/{id}", "GET", "/items/42")).toEqual({ id: "42" });
    expect(matchRoute("GET /items/{id}", "POST", "/items/42")).toBeUndefined();
    expect(matchRoute("GET /items/{id}", "GET", "/items/42/more")).toBeUndefined();
    expect(matchRoute("ANY /{proxy+}", "DELETE", "/a/b/c")).toEqual({ proxy: "a/b/c" });
    expect(matchRoute("ANY /{proxy+}", "GET", "/")).toBeUndefined();
  });

  it("responses: a structured result as written; 2.0 takes a plain value as a JSON 200; REST needs a statusCode", () => {
    const structured = responseFrom("http-api", JSON.stringify({ statusCode: 201, headers: { "X-A": "b" }, cookies: ["c=d"], body: "made" }));
    expect(structured).toMatchObject({ statusCode: 201, headers: { "x-a": "b", "set-cookie": ["c=d"] } });
    expect(structured.body.toString()).toBe("made");
    expect(responseFrom("http-api", JSON.stringify({ hello: "world" }))).toMatchObject({ statusCode: 200 });
    expect(responseFrom("rest-api", JSON.stringify({ hello: "world" })).statusCode).toBe(502);
    expect(responseFrom("function-url", JSON.stringify({ statusCode: 200, body: "aGk=", isBase64Encoded: true })).body.toString()).toBe("hi");
    expect(functionErrorResponse("http-api").statusCode).toBe(500);
    expect(functionErrorResponse("rest-api").statusCode).toBe(502);
  });
});

describe("SQS partial batch failures", () => {
  const batch = [{ MessageId: "a" }, { MessageId: "b" }];
  it("keeps exactly the reported messages; an empty or missing list keeps none", () => {
    expect([...failedIds(JSON.stringify({ batchItemFailures: [{ itemIdentifier: "b" }] }), batch, true)]).toEqual(["b"]);
    expect(failedIds(JSON.stringify({ batchItemFailures: [] }), batch, true).size).toBe(0);
    expect(failedIds("null", batch, true).size).toBe(0);
  });
  it("an identifier that names no message of the batch fails the whole batch, as Lambda does", () => {
    expect(failedIds(JSON.stringify({ batchItemFailures: [{ itemIdentifier: "zzz" }] }), batch, true).size).toBe(2);
    expect(failedIds(JSON.stringify({ batchItemFailures: [{ itemIdentifier: "" }] }), batch, true).size).toBe(2);
  });
  it("without ReportBatchItemFailures on the mapping a successful answer deletes every message", () => {
    expect(failedIds(JSON.stringify({ batchItemFailures: [{ itemIdentifier: "a" }] }), batch, false).size).toBe(0);
  });
});

describe("schedule times", () => {
  const start = new Date("2030-03-14T10:07:30Z");
  it("rate: every interval from when dev started", () => {
    expect(nextRun("rate(5 minutes)", "UTC", start, start)?.toISOString()).toBe("2030-03-14T10:12:30.000Z");
    expect(nextRun("rate(5 minutes)", "UTC", new Date("2030-03-14T10:12:30Z"), start)?.toISOString()).toBe("2030-03-14T10:17:30.000Z");
  });
  it("cron: its fields in its time zone, with names, ranges, steps, L and #", () => {
    expect(nextRun("cron(0/15 * * * ? *)", "UTC", start, start)?.toISOString()).toBe("2030-03-14T10:15:00.000Z");
    expect(nextRun("cron(0 9 ? * MON-FRI *)", "Europe/Paris", start, start)?.toISOString()).toBe("2030-03-15T08:00:00.000Z");
    expect(nextRun("cron(30 2 L * ? *)", "UTC", start, start)?.toISOString()).toBe("2030-03-31T02:30:00.000Z");
    expect(nextRun("cron(0 12 ? * MON#2 *)", "UTC", start, start)?.toISOString()).toBe("2030-04-08T12:00:00.000Z");
  });
  it("at: once, in its time zone; never again once past", () => {
    expect(nextRun("at(2030-03-15T09:00:00)", "America/New_York", start, start)?.toISOString()).toBe("2030-03-15T13:00:00.000Z");
    expect(nextRun("at(2030-03-13T09:00:00)", "UTC", start, start)).toBeUndefined();
  });
  it("a run's input gets Scheduler's placeholders filled in", () => {
    const input = scheduledInput(
      {
        fn: "job",
        name: "svc-job-schedule",
        groupName: "default",
        arn: "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/svc-job-schedule",
        expression: "rate(1 minute)",
        timezone: "UTC",
        enabled: true,
        input: '{"arn":"<aws.scheduler.schedule-arn>","at":"<aws.scheduler.scheduled-time>","id":"<aws.scheduler.execution-id>","n":"<aws.scheduler.attempt-number>"}',
      },
      start,
    ) as Record<string, string>;
    expect(input).toMatchObject({ arn: "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/svc-job-schedule", at: "2030-03-14T10:07:30Z", n: "1" });
    expect(input.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

/** Whether a process is gone within two seconds (a killed child exits asynchronously). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe("runners", () => {
  const runners: FunctionRunner[] = [];
  afterEach(() => {
    for (const r of runners.splice(0)) r.stop();
  });

  function runner(runtime: string, handler: string, files: Record<string, string>, timeoutSeconds = 3) {
    const codeDir = mkdtempSync(path.join(os.tmpdir(), "lf-runner-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(codeDir, name), text);
    const lines: string[] = [];
    const config: FunctionConfig = {
      name: "fn",
      functionName: "svc-fn",
      functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:svc-fn",
      runtime,
      handler,
      timeoutSeconds,
      memoryMb: 256,
      environment: { TABLE_NAME: "svc-table" },
      codeDir,
      libraryDirs: [],
    };
    const r = new FunctionRunner(config, (line) => lines.push(line));
    runners.push(r);
    return { r, lines };
  }

  const nodeHandler = `let inits = 0; inits++;
export const handler = async (event, context) => {
  if (event.sleep) await new Promise((r) => setTimeout(r, event.sleep));
  if (event.fail) throw new TypeError("bad " + event.fail);
  console.log(JSON.stringify({ level: "INFO", message: "hello" }));
  return { event, inits, table: process.env.TABLE_NAME, fn: process.env.AWS_LAMBDA_FUNCTION_NAME, name: context.functionName,
    memory: context.memoryLimitInMB, remaining: context.getRemainingTimeInMillis(), id: context.awsRequestId, group: context.logGroupName };
};`;

  it("Node: init once, Lambda's context and the stack's environment; errors as Lambda reports them", async () => {
    const { r, lines } = runner("nodejs22.x", "index.handler", { "index.mjs": nodeHandler });
    const first = await r.invoke({ n: 1 });
    const second = await r.invoke({ n: 2 });
    expect(first.ok && JSON.parse(first.payload)).toMatchObject({ event: { n: 1 }, inits: 1, table: "svc-table", fn: "svc-fn", name: "svc-fn", memory: "256", group: "/aws/lambda/svc-fn" });
    const payload = second.ok ? JSON.parse(second.payload) : undefined;
    expect(payload).toMatchObject({ inits: 1, id: second.requestId });
    expect(payload.remaining).toBeGreaterThan(2000);
    expect(payload.remaining).toBeLessThanOrEqual(3000);
    expect(lines).toContain('{"level":"INFO","message":"hello"}');
    expect(lines.some((l) => l.startsWith(`REPORT RequestId: ${second.requestId}`))).toBe(true);
    const failed = await r.invoke({ fail: "input" });
    expect(failed.ok ? undefined : failed.error).toMatchObject({ errorType: "TypeError", errorMessage: "bad input" });
  });

  it("Node: stopped at the timeout with Lambda's error; the next invocation gets a fresh environment", async () => {
    const { r, lines } = runner("nodejs22.x", "index.handler", { "index.mjs": nodeHandler }, 1);
    const pid = (await r.invoke({}), r.pid);
    const timedOut = await r.invoke({ sleep: 5000 });
    expect(timedOut.ok ? undefined : timedOut.error).toEqual({ errorType: "Sandbox.Timedout", errorMessage: "Task timed out after 1.00 seconds" });
    expect(timedOut.durationMs).toBeLessThan(2500);
    expect(lines.some((l) => l.endsWith(`${timedOut.requestId} Task timed out after 1.00 seconds`))).toBe(true);
    expect(await gone(pid!)).toBe(true);
    const after = await r.invoke({});
    expect(after.ok && JSON.parse(after.payload).inits).toBe(1);
    expect(r.pid).not.toBe(pid);
  });

  const pythonHandler = `import os, time
inits = 0
inits += 1

def handler(event, context):
    if event.get("sleep"):
        time.sleep(event["sleep"])
    if event.get("fail"):
        raise ValueError("bad " + event["fail"])
    print('{"level": "INFO", "message": "hello"}')
    return {"event": event, "inits": inits, "table": os.environ["TABLE_NAME"], "name": context.function_name,
            "memory": context.memory_limit_in_mb, "remaining": context.get_remaining_time_in_millis(), "id": context.aws_request_id}
`;

  it("Python: a long-lived process (init once), Lambda's context, errors and timeout", async () => {
    const { r, lines } = runner("python3.13", "handler_module.handler", { "handler_module.py": pythonHandler }, 1);
    await r.invoke({});
    const second = await r.invoke({ n: 2 });
    expect(second.ok && JSON.parse(second.payload)).toMatchObject({ event: { n: 2 }, inits: 1, table: "svc-table", name: "svc-fn", memory: 256, id: second.requestId });
    expect(lines).toContain('{"level": "INFO", "message": "hello"}');
    const failed = await r.invoke({ fail: "input" });
    expect(failed.ok ? undefined : failed.error).toMatchObject({ errorType: "ValueError", errorMessage: "bad input" });
    const timedOut = await r.invoke({ sleep: 5 });
    expect(timedOut.ok ? undefined : timedOut.error).toEqual({ errorType: "Sandbox.Timedout", errorMessage: "Task timed out after 1.00 seconds" });
  });

  it("an import error fails every invocation with Runtime.ImportModuleError, as Lambda reports it", async () => {
    const { r } = runner("python3.13", "missing_module.handler", {});
    const result = await r.invoke({});
    expect(result.ok ? undefined : result.error.errorType).toBe("Runtime.ImportModuleError");
  });
});
