"""What the HTTP-style triggers (HTTP API, REST API, function URL) share: routing and responses."""

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypedDict
from urllib.parse import unquote

from app.lib.errors import DependencyError, NotFoundError, ValidationError
from app.lib.items import Item, to_item
from app.lib.json_input import parse_json
from app.lib.observability import metrics, report_failure


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    body: str | None = None
    is_base64_encoded: bool = False


class HttpResponse(TypedDict):
    """The proxy response every HTTP-style trigger accepts."""

    statusCode: int
    headers: dict[str, str]
    body: str


# What the handler does with an item: its own logic, which the routes below call.
Create = Callable[[Item], Item]
Read = Callable[[str], Item | None]
RouteHandler = Callable[[HttpRequest, tuple[str, ...]], HttpResponse]


def json_response(status_code: int, body: Any, headers: dict[str, str] | None = None) -> HttpResponse:
    return {
        "statusCode": status_code,
        "headers": {"content-type": "application/json", **(headers or {})},
        "body": json.dumps(body),
    }


def _routes(create: Create, read: Read) -> list[tuple[re.Pattern[str], dict[str, RouteHandler]]]:
    """The items API: GET /health, POST /items, GET /items/{id}."""

    def health(request: HttpRequest, params: tuple[str, ...]) -> HttpResponse:
        return json_response(200, {"status": "ok"})

    def create_item(request: HttpRequest, params: tuple[str, ...]) -> HttpResponse:
        # A client that retries a POST sends an `id` to create the same item again.
        item = create(to_item(_parse_json_body(request)))
        metrics.add("ItemsSaved")
        return json_response(201, item)

    def read_item(request: HttpRequest, params: tuple[str, ...]) -> HttpResponse:
        (item_id,) = params
        item = read(unquote(item_id))
        if item is None:
            raise NotFoundError(f"no item {item_id}")
        return json_response(200, item)

    return [
        (re.compile(r"/health"), {"GET": health}),
        (re.compile(r"/items"), {"POST": create_item}),
        (re.compile(r"/items/([^/]+)"), {"GET": read_item}),
    ]


def handle_http(request: HttpRequest, request_id: str, *, create: Create, read: Read) -> HttpResponse:
    """Routes a request to the handler's `create` and `read` and turns every error into the
    response a client can act on."""
    try:
        path = request.path.rstrip("/") or "/"
        for pattern, methods in _routes(create, read):
            match = pattern.fullmatch(path)
            if match is None:
                continue
            route_handler = methods.get(request.method.upper())
            if route_handler is None:
                return json_response(
                    405,
                    {"message": f"{request.method} is not allowed on {path}"},
                    {"allow": ", ".join(methods)},
                )
            return route_handler(request, match.groups())
        return json_response(404, {"message": f"no route for {path}"})
    except Exception as error:  # every failure becomes a response; unexpected ones are logged
        return error_response(error, request_id)


def error_response(error: Exception, request_id: str) -> HttpResponse:
    if isinstance(error, ValidationError):
        return json_response(400, {"message": str(error)})
    if isinstance(error, NotFoundError):
        return json_response(404, {"message": str(error)})
    if isinstance(error, DependencyError) and error.transient:
        # Throttling, a 5xx, a timeout: the client may try again shortly.
        report_failure("dependency unavailable", error)
        return json_response(
            503,
            {"message": "a dependency is unavailable; try again", "requestId": request_id},
            {"retry-after": "1"},
        )
    # A bug (access denied, a missing table, a validation error from AWS, anything unexpected):
    # logged at ERROR with the AWS error code and counted, for an alarm.
    report_failure("request failed", error)
    return json_response(500, {"message": "internal error", "requestId": request_id})


def _parse_json_body(request: HttpRequest) -> Any:
    body = request.body or ""
    if request.is_base64_encoded:
        try:
            body = base64.b64decode(body).decode()
        except ValueError as error:  # bad base64 and bad UTF-8 are both ValueErrors
            raise ValidationError("the request body is not valid JSON") from error
    return parse_json(body, "the request body")
