import type { Context } from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { lambdaContext } from "../testing/lambda";
import { logger } from "./logger";
import { MetricUnit, metrics, observed } from "./observability";

/** A handler as the project's are: it logs, counts a business metric, and may fail. */
const handler = observed(async (event: { fail?: boolean }, _context: Context) => {
  logger.info("handling", { step: "one" });
  metrics.addMetric("ItemsSaved", MetricUnit.Count, 2);
  if (event.fail) throw new Error("boom");
  return "done";
});

describe("observed", () => {
  // Powertools writes log lines and metric (EMF) lines to stdout; the tests read them there.
  let stdout: MockInstance<typeof process.stdout.write>;
  let level: ReturnType<typeof logger.getLevelName>;

  beforeEach(() => {
    stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    level = logger.getLevelName();
    logger.setLogLevel("INFO");
  });

  afterEach(() => {
    logger.setLogLevel(level);
    stdout.mockRestore();
  });

  /** The JSON lines written to stdout so far: log lines and metric (EMF) lines, which have `_aws`. */
  function written(): { logs: Record<string, unknown>[]; metrics: Record<string, unknown>[] } {
    const lines = stdout.mock.calls
      .flatMap(([chunk]) => String(chunk).split("\n"))
      .filter((text) => text.startsWith("{"))
      .map((text) => JSON.parse(text) as Record<string, unknown>);
    return { logs: lines.filter((line) => !("_aws" in line)), metrics: lines.filter((line) => "_aws" in line) };
  }

  it("gives every line the handler logs the invocation's request id and function name", async () => {
    await expect(handler({}, lambdaContext("my-service-api", "request-1"))).resolves.toBe("done");
    await handler({}, lambdaContext("my-service-api", "request-2"));

    const lines = written().logs.filter((line) => line.message === "handling");
    expect(lines.map((line) => line.function_request_id)).toEqual(["request-1", "request-2"]);
    expect(lines[0]).toMatchObject({ level: "INFO", step: "one", function_name: "my-service-api" });
  });

  it("writes the metrics the handler counted as one EMF line when it ends", async () => {
    await handler({}, lambdaContext("my-service-api"));

    const [line] = written().metrics;
    expect(line).toMatchObject({ ItemsSaved: 2 });
    expect(JSON.stringify(line?._aws)).toContain('{"Name":"ItemsSaved","Unit":"Count"}');
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it("writes them also when the handler throws, and lets the error through", async () => {
    await expect(handler({ fail: true }, lambdaContext("my-service-api"))).rejects.toThrow("boom");

    expect(written().metrics).toEqual([expect.objectContaining({ ItemsSaved: 2 })]);
    expect(metrics.hasStoredMetrics()).toBe(false);
  });
});
