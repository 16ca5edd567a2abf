"""The DynamoDB table items are stored in, keyed by `id`."""

import json
from decimal import Decimal
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import BotoCoreError, ClientError

from app.lib.config import required_env
from app.lib.errors import DependencyError

TABLE_NAME = required_env("TABLE_NAME")
# Created once per execution environment and reused by every invocation.
dynamodb = boto3.client("dynamodb")
_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def put_item(item: dict[str, Any]) -> None:
    try:
        dynamodb.put_item(TableName=TABLE_NAME, Item=_to_attributes(item))
    except (BotoCoreError, ClientError) as error:
        raise DependencyError("table", error) from error


def get_item(item_id: str) -> dict[str, Any] | None:
    try:
        response = dynamodb.get_item(TableName=TABLE_NAME, Key={"id": {"S": item_id}})
    except (BotoCoreError, ClientError) as error:
        raise DependencyError("table", error) from error
    found = response.get("Item")
    return _from_attributes(found) if found is not None else None


def _to_attributes(item: dict[str, Any]) -> dict[str, Any]:
    """A JSON-like dict in DynamoDB's attribute-value form.

    DynamoDB numbers are exact decimals and boto3 refuses floats, so numbers go through
    `Decimal` by their JSON text (1.1 stays 1.1, not 1.100000000000000088817841970012523).
    """
    exact = json.loads(json.dumps(item), parse_float=Decimal)
    return {key: _serializer.serialize(value) for key, value in exact.items()}


def _from_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    """The reverse of `_to_attributes`, with numbers back as int or float so the result is JSON."""
    return {key: _plain(_deserializer.deserialize(value)) for key, value in attributes.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in value.items()}
    if isinstance(value, (list, set)):
        return [_plain(inner) for inner in value]
    return value
