import pytest

from app.lib.log import Logger
from app.lib.observability import Metrics
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


def test_writes_the_keys_of_the_node_services_powertools_logger(logs: Logs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
    logger = Logger("my-service", "INFO")
    logger.bind(lambda_context("my-service-api", request_id="request-1"))
    logger.info("saved item")

    [line] = logs()
    assert line == {
        "level": "INFO",
        "message": "saved item",
        "timestamp": line["timestamp"],
        "service": "my-service",
        "sampling_rate": 0,
        "cold_start": True,
        "function_name": "my-service-api",
        "function_arn": "arn:aws:lambda:us-east-1:123456789012:function:my-service-api",
        "function_memory_size": 256,
        "function_request_id": "request-1",
        "xray_trace_id": "1-5759e988-bd862e3fe1be46a994272793",
    }


def test_counts_metrics_as_one_embedded_metric_format_line_at_the_end_of_an_invocation(logs: Logs) -> None:
    metrics = Metrics("my-service")
    metrics.add("ItemsSaved")
    metrics.add("ItemsSaved", 2)
    metrics.flush()
    metrics.flush()  # nothing more was counted: no second line

    [line] = logs.metrics()
    assert line["ItemsSaved"] == 3
    assert line["service"] == "my-service"
    assert line["_aws"]["CloudWatchMetrics"] == [
        {"Namespace": "my-service", "Dimensions": [["service"]], "Metrics": [{"Name": "ItemsSaved", "Unit": "Count"}]}
    ]
