import io

import pytest
from botocore.response import StreamingBody

from app.lib import bucket
from app.lib.errors import DependencyError
from tests.stubs import AwsStubs

KEY = "items/item-1.json"


def body(data: bytes) -> StreamingBody:
    return StreamingBody(io.BytesIO(data), len(data))


def test_reads_back_a_stored_json_object(aws: AwsStubs) -> None:
    aws.bucket.add_response(
        "get_object", {"Body": body(b'{"id": "item-1"}')}, {"Bucket": bucket.BUCKET_NAME, "Key": KEY}
    )

    assert bucket.get_json(KEY) == {"id": "item-1"}


def test_a_missing_key_is_none(aws: AwsStubs) -> None:
    aws.bucket.add_client_error("get_object", "NoSuchKey", http_status_code=404)

    assert bucket.get_json(KEY) is None


def test_an_object_that_is_not_json_is_a_dependency_failure(aws: AwsStubs) -> None:
    aws.bucket.add_response("get_object", {"Body": body(b"<html>")}, {"Bucket": bucket.BUCKET_NAME, "Key": KEY})

    with pytest.raises(DependencyError, match="bucket failed"):
        bucket.get_json(KEY)


def test_access_denied_is_a_dependency_failure(aws: AwsStubs) -> None:
    aws.bucket.add_client_error("put_object", "AccessDenied", http_status_code=403)

    with pytest.raises(DependencyError, match="bucket failed"):
        bucket.put_json(KEY, {"id": "item-1"})
