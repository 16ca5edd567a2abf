/**
 * Error codes AWS services answer when a caller goes too fast: transient, worth a retry. Some
 * come with a 400 status, so the status alone does not tell. One list for both languages'
 * handlers (the errors module of each language), so Node and Python classify the same errors alike.
 * LimitExceededException is left out: several services use it for quotas that a retry never clears.
 */
export const throttlingCodes: readonly string[] = [
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
  "KMSThrottlingException",
];
