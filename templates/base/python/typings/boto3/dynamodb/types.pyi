from collections.abc import Mapping
from typing import Any

class TypeSerializer:
    def serialize(self, value: Any) -> dict[str, Any]: ...

class TypeDeserializer:
    def deserialize(self, value: Mapping[str, Any]) -> Any: ...
