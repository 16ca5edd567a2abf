import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { requiredEnv } from "./config";
import { DependencyError } from "./errors";

// Read when used, not at load: the stack sets TOPIC_ARN only for the functions that use this resource.
const topicArn = (): string => requiredEnv("TOPIC_ARN");
const sns = new SNSClient({});

export async function publish(message: unknown): Promise<void> {
  try {
    await sns.send(new PublishCommand({ TopicArn: topicArn(), Message: JSON.stringify(message) }));
  } catch (error) {
    throw new DependencyError("topic", error);
  }
}
