"""The S3 bucket items are stored in, one JSON object per key."""

import json
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from app.lib.config import required_env
from app.lib.errors import DependencyError

BUCKET_NAME = required_env("BUCKET_NAME")
# Created once per execution environment and reused by every invocation.
s3 = boto3.client("s3")


def put_json(key: str, value: Any) -> None:
    try:
        s3.put_object(
            Bucket=BUCKET_NAME,
            Key=key,
            Body=json.dumps(value).encode(),
            ContentType="application/json",
        )
    except (BotoCoreError, ClientError) as error:
        raise DependencyError("bucket", error) from error


def get_json(key: str) -> Any | None:
    """The parsed object, or None when there is no such key."""
    try:
        response = s3.get_object(Bucket=BUCKET_NAME, Key=key)
        return json.loads(response["Body"].read())
    except s3.exceptions.NoSuchKey:
        return None
    except (BotoCoreError, ClientError, ValueError) as error:
        # ValueError: the object is not JSON, so the bucket holds something we did not write.
        raise DependencyError("bucket", error) from error
