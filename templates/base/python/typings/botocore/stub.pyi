from collections.abc import Mapping
from types import TracebackType
from typing import Any

ANY: Any

class Stubber:
    def __init__(self, client: Any) -> None: ...
    def activate(self) -> None: ...
    def deactivate(self) -> None: ...
    def __enter__(self) -> Stubber: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    def add_response(
        self, method: str, service_response: Mapping[str, Any], expected_params: Mapping[str, Any] | None = None
    ) -> None: ...
    def add_client_error(
        self,
        method: str,
        service_error_code: str = "",
        service_message: str = "",
        http_status_code: int = 400,
        service_error_meta: Mapping[str, Any] | None = None,
        expected_params: Mapping[str, Any] | None = None,
        response_meta: Mapping[str, Any] | None = None,
        modeled_fields: Mapping[str, Any] | None = None,
    ) -> None: ...
    def assert_no_pending_responses(self) -> None: ...
