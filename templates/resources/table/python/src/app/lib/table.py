"""The DynamoDB table items are stored in, keyed by `id`."""

from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from app.lib.config import required_env
from app.lib.dynamodb_json import from_attributes, to_attributes
from app.lib.errors import DependencyError


def table_name() -> str:
    """Read when used, not at import: the stack sets TABLE_NAME only for the functions that use this resource."""
    return required_env("TABLE_NAME")


# Created once per execution environment and reused by every invocation.
dynamodb = boto3.client("dynamodb")


def put_item(item: dict[str, Any]) -> None:
    try:
        dynamodb.put_item(TableName=table_name(), Item=to_attributes(item))
    except (BotoCoreError, ClientError) as error:
        raise DependencyError("table", error) from error


def get_item(item_id: str) -> dict[str, Any] | None:
    try:
        response = dynamodb.get_item(TableName=table_name(), Key={"id": {"S": item_id}})
    except (BotoCoreError, ClientError) as error:
        raise DependencyError("table", error) from error
    found = response.get("Item")
    return from_attributes(found) if found is not None else None
