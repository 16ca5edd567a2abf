from typing import Any

class AWSResponse:
    status_code: int
    def __init__(self, url: str | None, status_code: int, headers: Any, raw: Any) -> None: ...
