import type { TriggerDef } from "../trigger.js";

export const sqs: TriggerDef = {
  id: "sqs",
  title: "SQS queue",
  functionName: "worker",
  constructs: ["queue"],
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
      default: 0,
      flagOnly: true,
    },
  ],
  finalize(options) {
    // Lambda rejects batches above 10 without a batching window (MaximumBatchingWindowInSeconds).
    if (Number(options.batchSize) > 10 && Number(options.batchWindow) === 0) {
      return { ...options, batchWindow: 1 };
    }
    return options;
  },
};
