import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { requiredEnv } from "./config";
import { DependencyError } from "./errors";

// Read when used, not at load: the stack sets QUEUE_URL only for the functions that use this resource.
const queueUrl = (): string => requiredEnv("QUEUE_URL");
const sqs = new SQSClient({});

export async function send(message: unknown): Promise<void> {
  try {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: JSON.stringify(message) }));
  } catch (error) {
    throw new DependencyError("queue", error);
  }
}
