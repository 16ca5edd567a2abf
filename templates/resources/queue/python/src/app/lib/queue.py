"""The SQS queue the service sends items to."""

import json
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from app.lib.config import required_env
from app.lib.errors import DependencyError


def queue_url() -> str:
    """Read when used, not at import: the stack sets QUEUE_URL only for the functions that use this resource."""
    return required_env("QUEUE_URL")


# Created once per execution environment and reused by every invocation.
sqs = boto3.client("sqs")


def send(message: Any) -> None:
    try:
        sqs.send_message(QueueUrl=queue_url(), MessageBody=json.dumps(message))
    except (BotoCoreError, ClientError) as error:
        raise DependencyError("queue", error) from error
