"""The SNS topic the service announces items on."""

import json
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from app.lib.config import required_env
from app.lib.errors import DependencyError


def topic_arn() -> str:
    """Read when used, not at import: the stack sets TOPIC_ARN only for the functions that use this resource."""
    return required_env("TOPIC_ARN")


# Created once per execution environment and reused by every invocation.
sns = boto3.client("sns")


def publish(message: Any) -> None:
    try:
        sns.publish(TopicArn=topic_arn(), Message=json.dumps(message))
    except (BotoCoreError, ClientError) as error:
        raise DependencyError("topic", error) from error
