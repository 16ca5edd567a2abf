import { DeleteItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { announcedBefore, aws, awsFails, awsSucceeds, denied, inputsOf, throttled } from "../testing/aws";
import { lambdaContext } from "../testing/lambda";
import { DependencyError } from "./errors";
import { once, registerInvocation } from "./idempotency";

const effect = vi.fn(async (payload: { id: string }) => `sent ${payload.id}`);
const announce = once("test-announce", effect);

describe("once", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    awsSucceeds();
    registerInvocation(lambdaContext("idempotency-test"));
  });

  it("runs the effect and records it in the idempotency table under the payload's hash", async () => {
    await expect(announce({ id: "order-1" })).resolves.toBe("sent order-1");
    expect(effect).toHaveBeenCalledTimes(1);
    const [claim] = inputsOf(aws.idempotency.commandCalls(PutItemCommand));
    expect(claim).toMatchObject({
      TableName: process.env.IDEMPOTENCY_TABLE_NAME,
      Item: { status: { S: "INPROGRESS" } },
    });
    // The function's name, then a hash of the payload: a redelivery makes the same key.
    expect(claim?.Item?.id?.S).toMatch(/^test-announce#.+/);
  });

  it("does not run it again for a redelivered payload", async () => {
    await announce({ id: "order-1" });
    announcedBefore();
    await announce({ id: "order-1" });
    expect(effect).toHaveBeenCalledTimes(1);
  });

  it("runs it for another payload", async () => {
    await announce({ id: "order-1" });
    announcedBefore();
    await announce({ id: "order-2" });
    expect(effect.mock.calls.map(([payload]) => payload.id)).toEqual(["order-1", "order-2"]);
  });

  it("releases the claim when the effect fails, so the retry runs it", async () => {
    effect.mockRejectedValueOnce(new Error("queue unavailable"));
    await expect(announce({ id: "order-1" })).rejects.toThrow("queue unavailable");
    expect(aws.idempotency.commandCalls(DeleteItemCommand)).toHaveLength(1);
  });

  it("fails as a transient dependency when the table is throttled, and as a bug when access is denied", async () => {
    awsFails(throttled);
    await expect(announce({ id: "order-1" })).rejects.toMatchObject({ dependency: "idempotency", transient: true });
    awsFails(denied);
    const error = await announce({ id: "order-1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyError);
    expect(error).toMatchObject({ code: "AccessDeniedException", transient: false });
    expect(effect).not.toHaveBeenCalled();
  });
});
