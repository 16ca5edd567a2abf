import base64
import json

from botocore.exceptions import ClientError, EndpointConnectionError

from app.lib.errors import DependencyError, NotFoundError, ValidationError
from app.lib.http import HttpRequest, HttpResponse, error_response, handle_http
from app.lib.items import Item
from app.lib.observability import metrics
from tests.support import Logs

# What the handler does with items, here: keeps them in memory.
STORE: dict[str, Item] = {}


def create(item: Item) -> Item:
    STORE[item["id"]] = item
    return item


def route(request: HttpRequest) -> HttpResponse:
    return handle_http(request, "r1", create=create, read=STORE.get)


def aws_error(code: str, status: int) -> ClientError:
    """A ClientError as botocore raises it for an AWS error answer."""
    return ClientError({"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "PutItem")


def test_maps_each_error_class_to_its_status() -> None:
    assert error_response(ValidationError("bad"), "r1")["statusCode"] == 400
    assert error_response(NotFoundError("gone"), "r1")["statusCode"] == 404
    assert error_response(DependencyError("table", TimeoutError("throttled")), "r1")["statusCode"] == 503


def test_answers_503_with_retry_after_when_a_dependency_is_throttled_down_or_unreachable(logs: Logs) -> None:
    for cause in [
        aws_error("ProvisionedThroughputExceededException", 400),
        aws_error("ServiceUnavailable", 503),
        EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com"),
    ]:
        response = error_response(DependencyError("table", cause), "r1")
        assert (response["statusCode"], response["headers"]["retry-after"]) == (503, "1"), cause

    assert [line["level"] for line in logs()] == ["WARN", "WARN", "WARN"]


def test_answers_500_and_logs_and_counts_a_permanent_aws_error_by_its_code(logs: Logs) -> None:
    response = error_response(DependencyError("table", aws_error("AccessDeniedException", 400)), "r1")
    metrics.flush()  # as the handler does when the invocation ends

    assert response["statusCode"] == 500
    [line] = logs()
    [metric] = logs.metrics()
    assert metric["PermanentErrors"] == 1
    assert metric["_aws"]["CloudWatchMetrics"][0]["Metrics"] == [{"Name": "PermanentErrors", "Unit": "Count"}]
    assert (line["level"], line["code"], line["httpStatus"], line["dependency"]) == (
        "ERROR",
        "AccessDeniedException",
        400,
        "table",
    )


def test_hides_unexpected_errors_behind_a_500_that_carries_the_request_id() -> None:
    response = error_response(RuntimeError("secret internals"), "request-42")

    assert response["statusCode"] == 500
    assert json.loads(response["body"]) == {"message": "internal error", "requestId": "request-42"}


def test_answers_the_health_check_with_or_without_a_trailing_slash() -> None:
    assert route(HttpRequest(method="GET", path="/health"))["statusCode"] == 200
    assert route(HttpRequest(method="get", path="/health/"))["statusCode"] == 200


def test_hands_a_created_item_to_the_handler_and_reads_it_back_by_its_decoded_id() -> None:
    body = json.dumps({"id": "a b", "name": "Blue mug"})

    created = route(HttpRequest(method="POST", path="/items", body=body))
    found = route(HttpRequest(method="GET", path="/items/a%20b"))

    assert (created["statusCode"], json.loads(created["body"])) == (201, {"id": "a b", "name": "Blue mug"})
    assert (found["statusCode"], json.loads(found["body"])) == (200, {"id": "a b", "name": "Blue mug"})
    assert route(HttpRequest(method="GET", path="/items/nope"))["statusCode"] == 404


def test_decodes_base64_bodies() -> None:
    body = base64.b64encode(json.dumps({"id": "b64"}).encode()).decode()

    response = route(HttpRequest(method="POST", path="/items", body=body, is_base64_encoded=True))

    assert response["statusCode"] == 201
    assert json.loads(response["body"])["id"] == "b64"


def test_rejects_what_json_does_not_allow_with_400() -> None:
    cases = [("", False), ('{"count": NaN}', False), ('{"count": 1e400}', False), ("not base64!", True)]
    for body, is_base64_encoded in cases:
        request = HttpRequest(method="POST", path="/items", body=body, is_base64_encoded=is_base64_encoded)
        assert route(request)["statusCode"] == 400, body


def test_rejects_an_item_that_is_not_an_object_or_has_a_bad_id_with_400() -> None:
    for body in ["[1, 2]", '{"id": 7}', '{"id": ""}', json.dumps({"id": "x" * 1025})]:
        response = route(HttpRequest(method="POST", path="/items", body=body))
        assert response["statusCode"] == 400, body
