import type { TriggerDef } from "../trigger.js";

export const dynamodbStream: TriggerDef = {
  id: "dynamodb-stream",
  title: "DynamoDB stream",
  functionName: "changes",
  constructs: ["table"],
  invocation: "poll",
  options: [
    { key: "batchSize", flag: "stream-batch-size", describe: "Stream batch size", type: "integer", min: 1, max: 10000, default: 100 },
    {
      key: "startingPosition",
      flag: "stream-starting-position",
      describe: "Where a new mapping starts reading",
      type: "choice",
      choices: ["LATEST", "TRIM_HORIZON"],
      default: "LATEST",
      flagOnly: true,
    },
  ],
};
