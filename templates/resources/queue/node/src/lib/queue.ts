import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { requiredEnv } from "./config";
import { DependencyError } from "./errors";

const queueUrl = requiredEnv("QUEUE_URL");
const sqs = new SQSClient({});

export async function send(message: unknown): Promise<void> {
  try {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
  } catch (error) {
    throw new DependencyError("queue", error);
  }
}
