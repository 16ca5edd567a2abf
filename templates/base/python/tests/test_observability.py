import pytest
from botocore.exceptions import ClientError

from app.lib.errors import DependencyError
from app.lib.log import LambdaContext, logger
from app.lib.observability import metrics, observed, report_failure
from tests.support import Logs, lambda_context


@observed
def handler(event: dict[str, bool], context: LambdaContext) -> str:
    """A handler as the project's are: it logs, counts a business metric, and may fail."""
    logger.info("handling", step="one")
    metrics.add("ItemsSaved", 2)
    if event.get("fail"):
        raise RuntimeError("boom")
    return "done"


def aws_error(code: str, status: int) -> DependencyError:
    """A DependencyError raised from an AWS error answer, as the resource clients raise them."""
    cause = ClientError({"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "PutItem")
    return DependencyError("table", cause)


def test_every_line_the_handler_logs_carries_the_invocation_ids(logs: Logs) -> None:
    assert handler({}, lambda_context("my-service-api", request_id="request-1")) == "done"
    handler({}, lambda_context("my-service-api", request_id="request-2"))

    lines = [line for line in logs() if line["message"] == "handling"]
    assert [line["function_request_id"] for line in lines] == ["request-1", "request-2"]
    assert [line["function_name"] for line in lines] == ["my-service-api", "my-service-api"]
    assert lines[0]["step"] == "one"


def test_writes_the_metrics_the_handler_counted_as_one_emf_line_when_it_ends(logs: Logs) -> None:
    handler({}, lambda_context("my-service-api"))

    [line] = logs.metrics()
    assert line["ItemsSaved"] == 2
    assert line["_aws"]["CloudWatchMetrics"][0]["Metrics"] == [{"Name": "ItemsSaved", "Unit": "Count"}]


def test_writes_them_also_when_the_handler_raises_and_lets_the_error_through(logs: Logs) -> None:
    with pytest.raises(RuntimeError, match="^boom$"):
        handler({"fail": True}, lambda_context("my-service-api"))

    assert [line["ItemsSaved"] for line in logs.metrics()] == [2]


def test_a_permanent_failure_is_an_error_with_the_node_keys_and_is_counted(logs: Logs) -> None:
    report_failure("message failed", aws_error("AccessDeniedException", 403), key="a")
    metrics.flush()

    [line] = logs()
    assert line["level"] == "ERROR"
    assert line["message"] == "message failed"
    assert (line["dependency"], line["code"], line["httpStatus"], line["key"]) == (
        "table",
        "AccessDeniedException",
        403,
        "a",
    )
    assert line["error"]["name"] == "DependencyError"
    assert [metric["PermanentErrors"] for metric in logs.metrics()] == [1]


def test_a_transient_failure_is_a_warning_and_is_not_counted(logs: Logs) -> None:
    report_failure("message failed", aws_error("ThrottlingException", 400))
    metrics.flush()

    [line] = logs()
    assert (line["level"], line["code"], line["httpStatus"]) == ("WARN", "ThrottlingException", 400)
    assert logs.metrics() == []


def test_any_other_error_is_an_error_and_is_counted(logs: Logs) -> None:
    report_failure("message failed", KeyError("id"))
    metrics.flush()

    [line] = logs()
    assert (line["level"], line["error"]["name"]) == ("ERROR", "KeyError")
    assert [metric["PermanentErrors"] for metric in logs.metrics()] == [1]
