import { describe, expect, it } from "vitest";
import { DependencyError, isTransient } from "./errors";

/** An error as AWS SDK v3 clients throw them (a ServiceException: name, $fault, $metadata). */
const sdkError = (name: string, $fault: "client" | "server", httpStatusCode: number, extra: object = {}) =>
  Object.assign(new Error(`${name} happened`), { name, $fault, $metadata: { httpStatusCode }, ...extra });

describe("isTransient", () => {
  it.each([
    ["throttling", sdkError("ThrottlingException", "client", 400)],
    ["DynamoDB over its throughput", sdkError("ProvisionedThroughputExceededException", "client", 400)],
    ["S3 slowing down", sdkError("SlowDown", "client", 503)],
    ["a 429", sdkError("TooManyRequests", "client", 429)],
    ["a flagged retryable error", sdkError("Whatever", "client", 400, { $retryable: { throttling: true } })],
    ["a 500", sdkError("InternalServerError", "server", 500)],
    ["a 503", sdkError("ServiceUnavailable", "server", 503)],
    ["a timeout", Object.assign(new Error("timed out"), { name: "TimeoutError" })],
    ["a reset connection", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })],
    ["a DNS failure", Object.assign(new Error("getaddrinfo"), { code: "EAI_AGAIN" })],
  ])("takes %s as transient", (_what, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ["access denied", sdkError("AccessDeniedException", "client", 403)],
    ["a validation error", sdkError("ValidationException", "client", 400)],
    ["a missing table", sdkError("ResourceNotFoundException", "client", 400)],
    ["a missing bucket", sdkError("NoSuchBucket", "client", 404)],
    ["a plain error", new Error("TABLE_NAME is not set")],
    ["a string", "boom"],
  ])("takes %s as permanent", (_what, error) => {
    expect(isTransient(error)).toBe(false);
  });
});

describe("DependencyError", () => {
  it("carries the AWS code, HTTP status and class of its cause", () => {
    const error = new DependencyError("table", sdkError("AccessDeniedException", "client", 403));
    expect(error).toMatchObject({
      dependency: "table",
      code: "AccessDeniedException",
      httpStatus: 403,
      transient: false,
    });
    expect(error.message).toBe("table failed: AccessDeniedException happened");
    expect(new DependencyError("queue", sdkError("ThrottlingException", "client", 400)).transient).toBe(true);
  });
});
