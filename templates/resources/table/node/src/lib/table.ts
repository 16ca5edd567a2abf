import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { requiredEnv } from "./config";
import { DependencyError } from "./errors";
import type { Item } from "./items";
import { tracer } from "./observability";

// Read when used, not at load: the stack sets TABLE_NAME only for the functions that use this resource.
const tableName = (): string => requiredEnv("TABLE_NAME");
// Created once per execution environment and reused by every invocation.
// Captured by the tracer, so each call shows in the function's X-Ray trace.
const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});

export async function putItem(item: Item): Promise<void> {
  try {
    await documents.send(new PutCommand({ TableName: tableName(), Item: item }));
  } catch (error) {
    throw new DependencyError("table", error);
  }
}

export async function getItem(id: string): Promise<Item | undefined> {
  try {
    const { Item: found } = await documents.send(new GetCommand({ TableName: tableName(), Key: { id } }));
    return found as Item | undefined;
  } catch (error) {
    throw new DependencyError("table", error);
  }
}
