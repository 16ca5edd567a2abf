import type { TriggerDef, TriggerId } from "../trigger.js";
import { dynamodbStream } from "./dynamodb-stream.js";
import { eventbridge } from "./eventbridge.js";
import { functionUrl } from "./function-url.js";
import { httpApi } from "./http-api.js";
import { restApi } from "./rest-api.js";
import { s3 } from "./s3.js";
import { schedule } from "./schedule.js";
import { sns } from "./sns.js";
import { sqs } from "./sqs.js";

export const triggers: readonly TriggerDef[] = [httpApi, restApi, functionUrl, s3, sqs, sns, schedule, eventbridge, dynamodbStream];

export function triggerById(id: TriggerId | string): TriggerDef {
  const trigger = triggers.find((t) => t.id === id);
  if (!trigger) throw new Error(`unknown trigger ${id}`);
  return trigger;
}
