import type { EmulatorApi } from "./emulator-api.js";
import type { Invocation } from "./runners/runner.js";

/** What every event source of the local loop works with. */
export interface DeliveryContext {
  api: EmulatorApi;
  region: string;
  accountId: string;
  /** Invokes a function (by its name in lambdaform.json) synchronously, as an event source mapping does. */
  invoke(fn: string, event: unknown): Promise<Invocation>;
  /** Invokes a function asynchronously, as SNS, S3, EventBridge and Scheduler do: Lambda's retries and on-failure destination. */
  invokeAsync(fn: string, event: unknown): void;
  /** A line from lambdaform about a source (`sqs orders-queue: ...`). */
  note(line: string): void;
  signal: AbortSignal;
}

/** An event source's loop: runs until the signal aborts. */
export type EventSource = { describe: string; run(): Promise<void> };

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/** The function name in an ARN, without a version or alias qualifier. */
export const functionNameOf = (arn: string) => arn.split(":")[6] ?? arn;
/** The last part of an ARN: a queue's, topic's or rule's name. */
export const resourceNameOf = (arn: string) => arn.split(":").at(-1)!.split("/").at(-1)!;

/**
 * Keeps an event source running: an error from the emulator (restarting, reset) is reported
 * once and the loop resumes after a pause rather than ending dev.
 */
export async function keepRunning(context: DeliveryContext, what: string, step: () => Promise<void>): Promise<void> {
  let reported = false;
  while (!context.signal.aborted) {
    try {
      await step();
      reported = false;
    } catch (error) {
      if (context.signal.aborted) return;
      if (!reported) context.note(`${what}: ${error instanceof Error ? error.message : String(error)} (retrying)`);
      reported = true;
      await sleep(2000, context.signal);
    }
  }
}
