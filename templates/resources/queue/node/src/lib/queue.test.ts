import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { aws, awsFails, awsSucceeds, inputsOf } from "../testing/aws";
import { send } from "./queue";

describe("queue", () => {
  beforeEach(() => awsSucceeds());

  it("sends a message as JSON to the queue the stack names", async () => {
    await send({ id: "item-1", quantity: 3 });
    expect(inputsOf(aws.queue.commandCalls(SendMessageCommand))).toEqual([
      { QueueUrl: process.env.QUEUE_URL, MessageBody: '{"id":"item-1","quantity":3}' },
    ]);
  });

  it("turns a failed send into a DependencyError", async () => {
    awsFails();
    await expect(send({ id: "item-1" })).rejects.toMatchObject({
      name: "DependencyError",
      message: "queue failed: Service Unavailable",
    });
  });

  it("captures its client with the tracer, so X-Ray shows each call", async () => {
    vi.resetModules();
    const { tracer } = await import("./observability");
    const capture = vi.spyOn(tracer, "captureAWSv3Client");
    await import("./queue");
    expect(capture).toHaveBeenCalledOnce();
  });
});
