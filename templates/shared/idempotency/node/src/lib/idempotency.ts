import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyPersistenceLayerError,
  makeIdempotent,
} from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Context } from "aws-lambda";
import { requiredEnv } from "./config";
import { DependencyError } from "./errors";
import { tracer } from "./observability";

/**
 * Powertools Idempotency over the stack's idempotency table (IDEMPOTENCY_TABLE_NAME): an effect
 * wrapped with `once` runs once per distinct payload. A redelivered event makes the same payload,
 * finds the record of the first run and gets that run's result back without running again; a
 * run that failed leaves no record, so the retry runs it. Records expire after a day, far longer
 * than SQS, SNS, EventBridge, S3 or a stream take to deliver an event again.
 */
const config = new IdempotencyConfig({ expiresAfterSeconds: 24 * 60 * 60 });

/** The table's client, captured by the tracer, so each record read and write shows in the function's X-Ray trace. */
export const idempotencyClient = new DynamoDBClient({});

/**
 * Lets a record of a run that was cut short (a timeout, a crash) expire with the invocation, so
 * the next delivery runs it again instead of waiting a day. `observed` calls this for every
 * invocation.
 */
export function registerInvocation(context: Context): void {
  config.registerLambdaContext(context);
}

/** `effect`, run at most once per distinct payload (its first argument) within a day. */
export function once<Payload, Result>(name: string, effect: (payload: Payload) => Promise<Result>) {
  let idempotent: ((payload: Payload) => Promise<Result>) | undefined;
  return async (payload: Payload): Promise<Result> => {
    // Built when first called, not at load: the stack sets the table's variable only for the
    // functions that announce items.
    idempotent ??= makeIdempotent(effect, {
      persistenceStore: new DynamoDBPersistenceLayer({
        tableName: requiredEnv("IDEMPOTENCY_TABLE_NAME"),
        awsSdkV3Client: tracer.captureAWSv3Client(idempotencyClient),
      }),
      config,
      keyPrefix: name,
    });
    try {
      return await idempotent(payload);
    } catch (error) {
      // The table failed (throttled, denied...): classified like any other AWS failure.
      if (error instanceof IdempotencyPersistenceLayerError) throw new DependencyError("idempotency", error.cause);
      // Another invocation is announcing the same item right now: transient (a server-side
      // condition), so the event is retried, and by then that invocation has finished.
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new DependencyError("idempotency", Object.assign(error, { $fault: "server" as const }));
      }
      throw error;
    }
  };
}
