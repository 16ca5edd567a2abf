import { usageError } from "../../errors.js";
import type { TriggerDef } from "../trigger.js";

export const sqs: TriggerDef = {
  id: "sqs",
  attach: "another queue, with its own dead-letter queue",
  title: "SQS queue",
  functionName: "worker",
  constructs: ["queue"],
  sharedCode: ["batch"],
  invocation: "poll",
  options: [
    { key: "batchSize", flag: "sqs-batch-size", describe: "SQS batch size", type: "integer", min: 1, max: 10000, default: 10 },
    {
      key: "batchWindow",
      flag: "sqs-batch-window",
      describe: "Seconds to gather a batch (needed above 10 messages)",
      type: "integer",
      min: 0,
      max: 300,
      flagOnly: true,
    },
  ],
  finalize(options, note) {
    // Lambda refuses batches above 10 messages without a batching window; pick the shortest one
    // unless the user chose a window, and then a zero window is a mistake worth saying.
    const large = Number(options.batchSize) > 10;
    if (options.batchWindow === undefined) {
      if (large) note?.(`--sqs-batch-window set to 1 second: Lambda needs a batching window for --sqs-batch-size ${String(options.batchSize)} (above 10)`);
      return { ...options, batchWindow: large ? 1 : 0 };
    }
    if (large && options.batchWindow === 0) {
      throw usageError(`--sqs-batch-size ${String(options.batchSize)} needs --sqs-batch-window of at least 1`);
    }
    return options;
  },
};
