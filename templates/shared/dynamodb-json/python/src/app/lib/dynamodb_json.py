"""DynamoDB's attribute-value form (table items, stream images) to and from plain JSON values."""

import json
from decimal import Decimal
from typing import Any, cast

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def to_attributes(item: dict[str, Any]) -> dict[str, Any]:
    """A JSON-like dict in DynamoDB's attribute-value form.

    DynamoDB numbers are exact decimals and boto3 refuses floats, so numbers go through
    `Decimal` by their JSON text (1.1 stays 1.1, not 1.100000000000000088817841970012523).
    """
    exact = json.loads(json.dumps(item), parse_float=Decimal)
    return {key: _serializer.serialize(value) for key, value in exact.items()}


def from_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    """The reverse of `to_attributes`: plain values that `json.dumps` can write."""
    return {key: _plain(_deserializer.deserialize(value)) for key, value in attributes.items()}


def _plain(value: Any) -> Any:
    """DynamoDB numbers come back as Decimal and sets as set; JSON has int, float and lists."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in cast(dict[str, Any], value).items()}
    if isinstance(value, (list, set)):
        return [_plain(inner) for inner in cast(list[Any] | set[Any], value)]
    return value
