"""What a handler for a batch of records (SQS messages, DynamoDB stream changes) returns.

Lambda retries only the records listed (the event source mapping reports batch item
failures); an empty list means the whole batch succeeded.
"""

from typing import TypedDict


class BatchItemFailure(TypedDict):
    # The message id (SQS) or sequence number (DynamoDB stream) of a record that failed.
    itemIdentifier: str


class BatchResponse(TypedDict):
    batchItemFailures: list[BatchItemFailure]
