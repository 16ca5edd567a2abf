/**
 * The caller sent something we cannot use. HTTP handlers answer 400; batch handlers report the
 * record as failed, so it ends in the dead-letter queue; asynchronous handlers log and skip it.
 */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
}

/** What was asked for does not exist; HTTP handlers answer 404. */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
}

/**
 * A service we depend on failed. `transient` failures (throttling, a 5xx, a timeout, a dropped
 * connection) pass: HTTP handlers answer 503 with Retry-After, batch and asynchronous handlers
 * let Lambda retry. The others (access denied, validation, a missing table or bucket, any other
 * 4xx, a missing setting) are bugs in this service or its stack that no retry fixes: HTTP
 * handlers answer 500, and every handler logs them at ERROR with the AWS error `code` and counts
 * them (the `DependencyBugs` metric) so an alarm can page someone.
 */
export class DependencyError extends Error {
  override readonly name = "DependencyError";
  /** The AWS error code (`ThrottlingException`, `AccessDeniedException`), or the error's name. */
  readonly code: string;
  /** The HTTP status AWS answered with, when it answered. */
  readonly httpStatus: number | undefined;
  readonly transient: boolean;

  constructor(
    readonly dependency: string,
    cause: unknown,
  ) {
    super(`${dependency} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    const shape = awsShape(cause);
    this.code = shape.name ?? shape.code ?? "Error";
    this.httpStatus = shape.$metadata?.httpStatusCode;
    this.transient = isTransient(cause);
  }
}

/** The fields AWS SDK v3 errors (and Node's network errors) carry. */
interface AwsErrorShape {
  name?: string;
  code?: string;
  $fault?: "client" | "server";
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
}

const throttlingCodes = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
  "KMSThrottlingException",
]);
const timeoutCodes = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException", "AbortError"]);
const networkCodes = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/** Whether a retry may succeed: throttling, a server-side fault, a timeout or a network error. */
export function isTransient(error: unknown): boolean {
  const shape = awsShape(error);
  const status = shape.$metadata?.httpStatusCode;
  if (shape.$retryable || shape.$fault === "server") return true;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  if (shape.name && (throttlingCodes.has(shape.name) || timeoutCodes.has(shape.name))) return true;
  if (shape.code && (networkCodes.has(shape.code) || timeoutCodes.has(shape.code))) return true;
  return false;
}

function awsShape(error: unknown): AwsErrorShape {
  return typeof error === "object" && error !== null ? (error as AwsErrorShape) : {};
}
