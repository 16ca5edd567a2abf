from app.lib.log import Logger
from tests.support import Logs, lambda_context


def test_writes_one_json_object_per_line_with_the_invocation_ids(logs: Logs) -> None:
    logger = Logger("my-service", "INFO")
    logger.bind(lambda_context("my-service-api", request_id="request-1"))
    logger.info("saved item", item_id="item-1")

    [line] = logs()
    assert line["level"] == "INFO"
    assert line["message"] == "saved item"
    assert line["item_id"] == "item-1"
    assert line["service"] == "my-service"
    assert line["function_name"] == "my-service-api"
    assert line["function_request_id"] == "request-1"
    assert line["timestamp"].endswith("Z")


def test_marks_only_the_first_invocation_as_a_cold_start(logs: Logs) -> None:
    logger = Logger(None, "INFO")
    for request_id in ("request-1", "request-2"):
        logger.bind(lambda_context("fn", request_id=request_id))
        logger.info("handled")

    assert [line["cold_start"] for line in logs()] == [True, False]


def test_logs_exceptions_with_their_traceback(logs: Logs) -> None:
    logger = Logger(None, "INFO")
    try:
        raise KeyError("missing")
    except KeyError as error:
        logger.error("unhandled error", error=error)

    [line] = logs()
    assert line["error"]["name"] == "KeyError"
    assert "Traceback" in line["error"]["stack"]


def test_leaves_out_lines_below_the_configured_level(logs: Logs) -> None:
    logger = Logger(None, "WARN")
    logger.info("routine")
    logger.warning("unusual")

    assert [line["level"] for line in logs()] == ["WARN"]
