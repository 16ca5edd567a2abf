import { randomUUID } from "node:crypto";
import { sleep, type DeliveryContext } from "./delivery.js";
import type { Invocation } from "./runners/runner.js";
import { sendToDestination } from "./sources/dynamodb-stream.js";

/** A function's asynchronous invocation settings (its event invoke config, else Lambda's defaults). */
export interface AsyncSettings {
  functionArn: string;
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  onFailureArn?: string;
  /** The function's dead-letter queue (DeadLetterConfig), which gets the event itself. */
  deadLetterArn?: string;
}

/** Lambda's waits before the first and the second retry of an asynchronous invocation. */
export const retryDelaysMs = [60_000, 120_000];

/**
 * Lambda's asynchronous invocation: the event is queued and the call returns; a failed
 * invocation is retried after a minute, then two, up to the function's retry limit and event
 * age; then a failure record goes to the on-failure destination (or the event to the dead-letter
 * queue). Pending retries live in memory: stopping dev drops them.
 */
export function asyncInvoker(
  context: Pick<DeliveryContext, "api" | "note" | "signal">,
  invoke: (fn: string, event: unknown) => Promise<Invocation>,
  settings: (fn: string) => AsyncSettings,
) {
  return (fn: string, event: unknown): void => {
    const received = Date.now();
    const requestId = randomUUID();
    void (async () => {
      const s = settings(fn);
      let attempts = 0;
      let last: Invocation | undefined;
      for (;;) {
        last = await invoke(fn, event);
        attempts++;
        if (last.ok || context.signal.aborted) return;
        const tooOld = Date.now() - received > s.maximumEventAgeSeconds * 1000;
        if (attempts > s.maximumRetryAttempts || tooOld) break;
        const wait = retryDelaysMs[Math.min(attempts - 1, retryDelaysMs.length - 1)]!;
        context.note(`${fn}: asynchronous invocation failed (${last.error.errorType}); retry ${attempts} of ${s.maximumRetryAttempts} in ${wait / 1000} s`);
        await sleep(wait, context.signal);
        if (context.signal.aborted) return;
      }
      const error = last.ok ? undefined : last.error;
      const condition = attempts > s.maximumRetryAttempts ? "RetriesExhausted" : "EventAgeExceeded";
      try {
        if (s.onFailureArn) {
          const record = {
            version: "1.0",
            timestamp: new Date().toISOString(),
            requestContext: { requestId, functionArn: `${s.functionArn}:$LATEST`, condition, approximateInvokeCount: attempts },
            requestPayload: event,
            responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
            responsePayload: error ? { errorMessage: error.errorMessage, errorType: error.errorType, stackTrace: error.trace ?? [] } : null,
          };
          await sendToDestination(context as DeliveryContext, s.onFailureArn, JSON.stringify(record));
          context.note(`${fn}: gave up after ${attempts} attempts (${condition}); the failure record went to ${s.onFailureArn}`);
        } else if (s.deadLetterArn) {
          await sendToDestination(context as DeliveryContext, s.deadLetterArn, JSON.stringify(event));
          context.note(`${fn}: gave up after ${attempts} attempts (${condition}); the event went to ${s.deadLetterArn}`);
        } else {
          context.note(`${fn}: gave up after ${attempts} attempts (${condition}); the function has no on-failure destination, so the event is dropped`);
        }
      } catch (failure) {
        context.note(`${fn}: the failed event could not be sent to its destination: ${failure instanceof Error ? failure.message : String(failure)}`);
      }
    })();
  };
}
