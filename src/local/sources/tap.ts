import { createHash } from "node:crypto";
import type { DeliveryContext } from "../delivery.js";

/**
 * A queue of lambdaform dev's own in the emulator, subscribed to a topic or added as a rule's
 * target, where the emulator itself delivers what the function would get (it does the SNS
 * fan-out and the EventBridge pattern matching). Named `lambdaform-dev-...`, apart from the
 * stack's resources, and kept between runs: what arrives while dev is stopped is delivered when
 * it starts again.
 */
export interface Tap {
  url: string;
  arn: string;
}

export async function openTap(context: DeliveryContext, kind: string, of: string): Promise<Tap> {
  const hash = createHash("sha256").update(of).digest("hex").slice(0, 8);
  const name = `lambdaform-dev-${kind}-${of.split(":").at(-1)!.split("/").at(-1)!}`.slice(0, 70) + `-${hash}`;
  const { QueueUrl: url } = await context.api.target<{ QueueUrl: string }>("sqs", "AmazonSQS.CreateQueue", { QueueName: name });
  const { Attributes } = await context.api.target<{ Attributes: { QueueArn: string } }>("sqs", "AmazonSQS.GetQueueAttributes", {
    QueueUrl: url,
    AttributeNames: ["QueueArn"],
  });
  return { url, arn: Attributes.QueueArn };
}

/** Takes what has arrived at the tap (waiting up to a second), hands each body on, then deletes it. */
export async function drainTap(context: DeliveryContext, tap: Tap, onBody: (body: string) => void): Promise<void> {
  const answer = await context.api.target<{ Messages?: { Body: string; ReceiptHandle: string }[] }>("sqs", "AmazonSQS.ReceiveMessage", {
    QueueUrl: tap.url,
    MaxNumberOfMessages: 10,
    WaitTimeSeconds: 1,
  });
  for (const message of answer.Messages ?? []) {
    onBody(message.Body);
    await context.api.target("sqs", "AmazonSQS.DeleteMessage", { QueueUrl: tap.url, ReceiptHandle: message.ReceiptHandle });
  }
}
