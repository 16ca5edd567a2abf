import { describe, expect, it } from "vitest";
import { StepAborted } from "../src/verify/context.js";
import { untilAborted } from "../src/verify/run.js";

/** Rejections nobody handled while `body` ran and a moment after. */
async function unhandledDuring(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const record = (reason: unknown) => seen.push(reason);
  process.on("unhandledRejection", record);
  try {
    await body();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off("unhandledRejection", record);
  }
  return seen;
}

describe("a step given up on when another fails", () => {
  it("stops waiting at once, and its own later failure (a killed command) is no unhandled rejection", async () => {
    for (const abortFirst of [true, false]) {
      const stop = new AbortController();
      let fail!: (error: Error) => void;
      const work = new Promise<never>((_, reject) => (fail = reject));
      const seen = await unhandledDuring(async () => {
        // Aborted before the step's work is awaited (while its inputs were hashed), or during it.
        if (abortFirst) stop.abort("typecheck");
        const waiting = untilAborted(work, stop.signal);
        if (!abortFirst) stop.abort("typecheck");
        await expect(waiting).rejects.toBeInstanceOf(StepAborted);
        fail(new Error("terraform init failed: no output"));
      });
      expect(seen, `aborted ${abortFirst ? "before" : "during"} the work`).toEqual([]);
    }
  });

  it("settles with the work when nothing aborts", async () => {
    await expect(untilAborted(Promise.resolve("passed"), new AbortController().signal)).resolves.toBe("passed");
    await expect(untilAborted(Promise.reject(new Error("failed")), new AbortController().signal)).rejects.toThrow("failed");
  });
});
