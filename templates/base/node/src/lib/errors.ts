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
 * A service we depend on failed (throttling, an outage). HTTP handlers answer 503 so clients
 * retry; batch handlers report the record as failed so Lambda retries it.
 */
export class DependencyError extends Error {
  override readonly name = "DependencyError";

  constructor(
    readonly dependency: string,
    cause: unknown,
  ) {
    super(`${dependency} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
