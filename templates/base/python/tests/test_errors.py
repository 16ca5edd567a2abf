import pytest
from botocore.exceptions import (
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ParamValidationError,
    ReadTimeoutError,
)
from botocore.exceptions import ClientError

from app.lib.errors import DependencyError

URL = "https://dynamodb.us-east-1.amazonaws.com"


def aws_error(code: str, status: int) -> ClientError:
    """A ClientError as botocore raises it for an AWS error answer."""
    return ClientError({"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "PutItem")


@pytest.mark.parametrize(
    "cause",
    [
        aws_error("ThrottlingException", 400),
        aws_error("ProvisionedThroughputExceededException", 400),
        aws_error("SlowDown", 503),
        aws_error("InternalServerError", 500),
        aws_error("ServiceUnavailable", 503),
        aws_error("TooManyRequests", 429),
        EndpointConnectionError(endpoint_url=URL),
        ConnectTimeoutError(endpoint_url=URL),
        ReadTimeoutError(endpoint_url=URL),
    ],
    ids=repr,
)
def test_throttling_server_faults_timeouts_and_network_errors_are_transient(cause: Exception) -> None:
    assert DependencyError("table", cause).transient


@pytest.mark.parametrize(
    "cause",
    [
        aws_error("AccessDeniedException", 400),
        aws_error("AccessDenied", 403),
        aws_error("ValidationException", 400),
        aws_error("ResourceNotFoundException", 400),
        aws_error("NoSuchBucket", 404),
        NoCredentialsError(),
        ParamValidationError(report="Missing required parameter"),
        ValueError("not JSON"),
    ],
    ids=repr,
)
def test_access_denied_validation_missing_resources_and_other_4xx_are_permanent(cause: Exception) -> None:
    assert not DependencyError("table", cause).transient


def test_carries_the_aws_error_code_and_http_status() -> None:
    error = DependencyError("table", aws_error("AccessDeniedException", 400))

    assert (error.dependency, error.code, error.http_status) == ("table", "AccessDeniedException", 400)
    assert DependencyError("table", EndpointConnectionError(endpoint_url=URL)).code == "EndpointConnectionError"
