import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { requiredEnv } from "./config";
import { DependencyError } from "./errors";
import { jsonText } from "./json-output";
import { tracer } from "./observability";

// Read when used, not at load: the stack sets TOPIC_ARN only for the functions that use this resource.
const topicArn = (): string => requiredEnv("TOPIC_ARN");
// Captured by the tracer, so each call shows in the function's X-Ray trace.
const sns = tracer.captureAWSv3Client(new SNSClient({}));

export async function publish(message: unknown): Promise<void> {
  try {
    await sns.send(new PublishCommand({ TopicArn: topicArn(), Message: jsonText(message) }));
  } catch (error) {
    throw new DependencyError("topic", error);
  }
}
