import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { requiredEnv } from "./config";
import { DependencyError } from "./errors";
import { jsonText } from "./json-output";
import { tracer } from "./observability";

// Read when used, not at load: the stack sets QUEUE_URL only for the functions that use this resource.
const queueUrl = (): string => requiredEnv("QUEUE_URL");
// Captured by the tracer, so each call shows in the function's X-Ray trace.
const sqs = tracer.captureAWSv3Client(new SQSClient({}));

export async function send(message: unknown): Promise<void> {
  try {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: jsonText(message) }));
  } catch (error) {
    throw new DependencyError("queue", error);
  }
}
