import { randomUUID } from "node:crypto";
import { keepRunning, sleep, type DeliveryContext, type EventSource } from "../delivery.js";
import { xmlValues } from "../emulator-api.js";

export interface BucketNotification {
  fn: string;
  bucket: string;
  configurationId: string;
  /** `s3:ObjectCreated:*`, `s3:ObjectRemoved:*`, ... as the notification lists them. */
  events: string[];
  prefix: string;
  suffix: string;
}

interface ObjectState {
  etag: string;
  size: number;
}

/**
 * A bucket notification to the function. The emulator cannot invoke Lambda for it, so the
 * bucket is listed every second: an object that appears (or changes) under the notification's
 * prefix and suffix is an `ObjectCreated:Put`, one that goes an `ObjectRemoved:Delete`, each
 * delivered asynchronously if the notification asks for that kind. Objects already there when
 * dev starts are taken as seen.
 */
export function s3Source(context: DeliveryContext, notification: BucketNotification): EventSource {
  const describe = `s3 ${notification.bucket}/${notification.prefix}*${notification.suffix} -> ${notification.fn}`;
  let known: Map<string, ObjectState> | undefined;
  const wants = (kind: "ObjectCreated" | "ObjectRemoved") => notification.events.some((e) => e.startsWith(`s3:${kind}:`));

  const step = async () => {
    const now = await list(context, notification.bucket, notification.prefix);
    for (const key of [...now.keys()]) if (!key.endsWith(notification.suffix)) now.delete(key);
    if (known) {
      for (const [key, state] of now) {
        const before = known.get(key);
        if (wants("ObjectCreated") && (!before || before.etag !== state.etag)) send("ObjectCreated:Put", key, state);
      }
      for (const [key, state] of known) if (wants("ObjectRemoved") && !now.has(key)) send("ObjectRemoved:Delete", key, state);
    }
    known = now;
    await sleep(1000, context.signal);
  };

  const send = (eventName: string, key: string, state: ObjectState) => {
    const removed = eventName.startsWith("ObjectRemoved");
    context.invokeAsync(notification.fn, {
      Records: [
        {
          eventVersion: "2.1",
          eventSource: "aws:s3",
          awsRegion: context.region,
          eventTime: new Date().toISOString(),
          eventName,
          userIdentity: { principalId: "AWS:LAMBDAFORMDEV" },
          requestParameters: { sourceIPAddress: "127.0.0.1" },
          responseElements: { "x-amz-request-id": randomUUID(), "x-amz-id-2": randomUUID() },
          s3: {
            s3SchemaVersion: "1.0",
            configurationId: notification.configurationId,
            bucket: { name: notification.bucket, ownerIdentity: { principalId: "LAMBDAFORMDEV" }, arn: `arn:aws:s3:::${notification.bucket}` },
            object: {
              // S3 sends keys URL-encoded, spaces as "+".
              key: encodeURIComponent(key).replaceAll("%20", "+").replaceAll("%2F", "/"),
              ...(removed ? {} : { size: state.size, eTag: state.etag }),
              sequencer: Date.now().toString(16).toUpperCase().padStart(16, "0"),
            },
          },
        },
      ],
    });
  };
  return { describe, run: () => keepRunning(context, describe, step) };
}

async function list(context: DeliveryContext, bucket: string, prefix: string): Promise<Map<string, ObjectState>> {
  const objects = new Map<string, ObjectState>();
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ "list-type": "2", prefix, ...(token ? { "continuation-token": token } : {}) });
    const xml = await context.api.xml("s3", "GET", `/${encodeURIComponent(bucket)}?${query}`);
    for (const [, body] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
      const key = xmlValues(body!, "Key")[0];
      if (key === undefined) continue;
      objects.set(key, { etag: (xmlValues(body!, "ETag")[0] ?? "").replaceAll('"', ""), size: Number(xmlValues(body!, "Size")[0] ?? 0) });
    }
    token = xmlValues(xml, "IsTruncated")[0] === "true" ? xmlValues(xml, "NextContinuationToken")[0] : undefined;
  } while (token);
  return objects;
}
