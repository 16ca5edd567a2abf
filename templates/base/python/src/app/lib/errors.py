"""The failures handlers tell apart: each one decides the HTTP status or whether a record is retried."""

from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as AwsConnectionError


class ValidationError(Exception):
    """The caller sent something we cannot use.

    HTTP handlers answer 400; batch handlers report the record as failed, so it ends in the
    dead-letter queue; asynchronous handlers log and skip it.
    """


class NotFoundError(Exception):
    """What was asked for does not exist; HTTP handlers answer 404."""


class DependencyError(Exception):
    """A service we depend on failed. Raise it `from` the AWS error to keep the cause.

    `transient` failures (throttling, a 5xx, a timeout, a dropped connection) pass: HTTP handlers
    answer 503 with Retry-After, batch handlers report the record so Lambda retries it,
    asynchronous handlers raise so Lambda retries the event. The others (access denied,
    validation, a missing table or bucket, any other 4xx, missing credentials) are bugs in this
    service or its stack that no retry fixes: HTTP handlers answer 500, and every handler logs
    them at ERROR with the AWS error `code` and counts them (the `PermanentErrors` metric), so
    an alarm can tell someone.
    """

    def __init__(self, dependency: str, cause: BaseException) -> None:
        super().__init__(f"{dependency} failed: {cause}")
        self.dependency = dependency
        self.code, self.http_status = aws_error_code(cause)
        self.transient = is_transient(cause)


# Error codes AWS services answer when a caller goes too fast or a call timed out on their side;
# some come with a 400 status, so the status alone does not tell.
THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
        "KMSThrottlingException",
        "RequestTimeout",
        "RequestTimeoutException",
    }
)


def aws_error_code(error: BaseException) -> tuple[str, int | None]:
    """The AWS error code (`ThrottlingException`, `AccessDeniedException`) and HTTP status, or the
    error's class name (`EndpointConnectionError`) and None when AWS did not answer."""
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code") or "ClientError")
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return code, status if isinstance(status, int) else None
    return type(error).__name__, None


def is_transient(error: BaseException) -> bool:
    """Whether a retry may succeed: throttling, a server-side fault, a timeout or a network error."""
    if isinstance(error, ClientError):
        code, status = aws_error_code(error)
        return code in THROTTLING_CODES or (status is not None and (status >= 500 or status == 429))
    if isinstance(error, BotoCoreError):
        # Connection refused or reset, endpoint unreachable, connect and read timeouts. The other
        # BotoCoreErrors (no credentials, no region, invalid parameters) are bugs.
        return isinstance(error, (HTTPClientError, AwsConnectionError))
    return isinstance(error, (TimeoutError, ConnectionError))
