import { PublishCommand } from "@aws-sdk/client-sns";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { aws, awsFails, awsSucceeds, inputsOf } from "../testing/aws";
import { publish } from "./topic";

describe("topic", () => {
  beforeEach(() => awsSucceeds());

  it("publishes a message as JSON on the topic the stack names", async () => {
    await publish({ id: "item-1", quantity: 3 });
    expect(inputsOf(aws.topic.commandCalls(PublishCommand))).toEqual([
      { TopicArn: process.env.TOPIC_ARN, Message: '{"id":"item-1","quantity":3}' },
    ]);
  });

  it("turns a failed publish into a DependencyError", async () => {
    awsFails();
    await expect(publish({ id: "item-1" })).rejects.toMatchObject({
      name: "DependencyError",
      message: "topic failed: Service Unavailable",
    });
  });

  it("captures its client with the tracer, so X-Ray shows each call", async () => {
    vi.resetModules();
    const { tracer } = await import("./observability");
    const capture = vi.spyOn(tracer, "captureAWSv3Client");
    await import("./topic");
    expect(capture).toHaveBeenCalledOnce();
  });
});
