import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { aws, awsFails, awsSucceeds, inputsOf, storedItem } from "../testing/aws";
import { DependencyError } from "./errors";
import { getItem, putItem } from "./table";

const item = { id: "item-1", price: 1.1, quantity: 3, tags: ["a", "b"], note: null };

describe("table", () => {
  beforeEach(() => awsSucceeds());

  it("puts the item as it is into the table the stack names", async () => {
    await putItem(item);
    expect(inputsOf(aws.table.commandCalls(PutCommand))).toEqual([{ TableName: process.env.TABLE_NAME, Item: item }]);
  });

  it("gets an item by its id", async () => {
    expect(await getItem(storedItem.id)).toEqual(storedItem);
    expect(inputsOf(aws.table.commandCalls(GetCommand))).toEqual([
      { TableName: process.env.TABLE_NAME, Key: { id: storedItem.id } },
    ]);
  });

  it("answers undefined for an item that does not exist", async () => {
    expect(await getItem("item-9")).toBeUndefined();
  });

  it("turns a failed call into a DependencyError", async () => {
    awsFails();
    await expect(putItem(item)).rejects.toMatchObject({
      name: "DependencyError",
      message: "table failed: Service Unavailable",
    });
    await expect(getItem(storedItem.id)).rejects.toThrow(DependencyError);
  });

  it("captures its client with the tracer, so X-Ray shows each call", async () => {
    vi.resetModules();
    const { tracer } = await import("./observability");
    const capture = vi.spyOn(tracer, "captureAWSv3Client");
    await import("./table");
    expect(capture).toHaveBeenCalledOnce();
  });
});
