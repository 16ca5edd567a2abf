from typing import Any

class BaseClient:
    def __getattr__(self, name: str) -> Any: ...
