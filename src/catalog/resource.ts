import type { BuildingBlock } from "./trigger.js";

export const resourceIds = ["table", "bucket", "queue", "topic", "secret", "layer"] as const;
export type ResourceId = (typeof resourceIds)[number];

/**
 * A resource the functions use. Its templates live in `templates/resources/<id>/`: the cdktf
 * construct (with the IAM grant it needs) and the client code handlers call.
 */
export interface ResourceDef {
  id: ResourceId;
  title: string;
  /** Environment variable through which functions find it; absent for resources code does not call. */
  envVar?: string;
  nodePackages?: readonly string[];
  /** Code shared with triggers (`templates/shared/<name>/<language>`). */
  sharedCode?: readonly string[];
  /** Secure building blocks (`templates/constructs/<name>`) its cdktf construct uses. */
  constructs?: readonly BuildingBlock[];
}

/**
 * What sending to the queue or publishing to the topic needs in TypeScript, so a redelivered
 * event announces nothing twice: Powertools Idempotency over a DynamoDB table.
 */
const idempotencyPackages = ["@aws-lambda-powertools/idempotency", "@aws-sdk/client-dynamodb", "@aws-sdk/util-dynamodb"];

export const resources: readonly ResourceDef[] = [
  { id: "table", title: "DynamoDB table", envVar: "TABLE_NAME", constructs: ["table"], sharedCode: ["dynamodb-json"], nodePackages: ["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb"] },
  { id: "bucket", title: "S3 bucket", envVar: "BUCKET_NAME", constructs: ["bucket"], nodePackages: ["@aws-sdk/client-s3"] },
  { id: "queue", title: "SQS queue (to send to)", envVar: "QUEUE_URL", constructs: ["queue"], nodePackages: ["@aws-sdk/client-sqs", ...idempotencyPackages] },
  { id: "topic", title: "SNS topic (to publish to)", envVar: "TOPIC_ARN", constructs: ["topic"], nodePackages: ["@aws-sdk/client-sns", ...idempotencyPackages] },
  { id: "secret", title: "Secrets Manager secret", envVar: "SECRET_ARN", nodePackages: ["@aws-sdk/client-secrets-manager"] },
  { id: "layer", title: "Shared Lambda layer" },
];

export function resourceById(id: ResourceId | string): ResourceDef {
  const resource = resources.find((r) => r.id === id);
  if (!resource) throw new Error(`unknown resource ${id}`);
  return resource;
}

/**
 * The environment variable through which functions find one resource: the type's own for the
 * resource named after its type (`table` → TABLE_NAME), prefixed by the name for any other
 * (`orders` → ORDERS_TABLE_NAME), so a second table never shadows the first.
 */
export function resourceVariable(type: ResourceId, name: string): string | undefined {
  const envVar = resourceById(type).envVar;
  if (!envVar || name === type) return envVar;
  return `${name.replaceAll("-", "_").toUpperCase()}_${envVar}`;
}

/** The name a new resource of a type gets: the type itself, then `-2`, `-3`, ... */
export function nextResourceName(type: ResourceId, taken: readonly string[]): string {
  if (!taken.includes(type)) return type;
  for (let n = 2; ; n++) if (!taken.includes(`${type}-${n}`)) return `${type}-${n}`;
}
