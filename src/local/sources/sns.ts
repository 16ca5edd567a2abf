import { keepRunning, resourceNameOf, type DeliveryContext, type EventSource } from "../delivery.js";
import { xmlValues } from "../emulator-api.js";
import { drainTap, openTap } from "./tap.js";

export interface SnsSubscription {
  fn: string;
  topicArn: string;
  subscriptionArn: string;
}

interface Envelope {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  UnsubscribeURL: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/**
 * The function's subscription to a topic: the emulator publishes to a tap queue subscribed
 * beside it (with the same filter policy), and each notification reaches the function as SNS
 * sends it to Lambda, asynchronously.
 */
export function snsSource(context: DeliveryContext, subscription: SnsSubscription): EventSource {
  const describe = `sns ${resourceNameOf(subscription.topicArn)} -> ${subscription.fn}`;
  let tap: Awaited<ReturnType<typeof openTap>> | undefined;

  const subscribe = async () => {
    const opened = await openTap(context, "sns", subscription.subscriptionArn);
    const listed = await context.api.query("sns", { Action: "ListSubscriptionsByTopic", TopicArn: subscription.topicArn });
    if (!xmlValues(listed, "Endpoint").includes(opened.arn)) {
      const answer = await context.api.query("sns", { Action: "Subscribe", TopicArn: subscription.topicArn, Protocol: "sqs", Endpoint: opened.arn });
      const tapSubscription = xmlValues(answer, "SubscriptionArn")[0];
      const attributes = await context.api.query("sns", { Action: "GetSubscriptionAttributes", SubscriptionArn: subscription.subscriptionArn });
      const policy = /<key>FilterPolicy<\/key>\s*<value>([\s\S]*?)<\/value>/.exec(attributes)?.[1];
      if (tapSubscription && policy) {
        await context.api.query("sns", {
          Action: "SetSubscriptionAttributes",
          SubscriptionArn: tapSubscription,
          AttributeName: "FilterPolicy",
          AttributeValue: xmlValues(`<v>${policy}</v>`, "v")[0]!,
        });
      }
    }
    return opened;
  };

  const step = async () => {
    tap ??= await subscribe();
    await drainTap(context, tap, (body) => {
      const n = JSON.parse(body) as Envelope;
      context.invokeAsync(subscription.fn, {
        Records: [
          {
            EventSource: "aws:sns",
            EventVersion: "1.0",
            EventSubscriptionArn: subscription.subscriptionArn,
            Sns: {
              Type: n.Type,
              MessageId: n.MessageId,
              TopicArn: n.TopicArn,
              Subject: n.Subject ?? null,
              Message: n.Message,
              Timestamp: n.Timestamp,
              SignatureVersion: n.SignatureVersion,
              Signature: n.Signature,
              SigningCertUrl: n.SigningCertURL,
              UnsubscribeUrl: n.UnsubscribeURL,
              MessageAttributes: n.MessageAttributes ?? {},
            },
          },
        ],
      });
    });
  };
  return { describe, run: () => keepRunning(context, describe, step) };
}
