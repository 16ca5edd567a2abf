import type { TriggerDef } from "../trigger.js";

export const dynamodbStream: TriggerDef = {
  id: "dynamodb-stream",
  attachRefusal: "its stream comes from a table of its own; a second stream needs its own function",
  title: "DynamoDB stream",
  functionName: "changes",
  constructs: ["table"],
  sharedCode: ["batch", "dynamodb-json"],
  invocation: "poll",
  // unmarshall() turns stream images into plain objects; it takes the client's AttributeValue type.
  nodePackages: ["@aws-sdk/client-dynamodb", "@aws-sdk/util-dynamodb"],
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
