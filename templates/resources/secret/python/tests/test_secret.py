import pytest

from app.lib import secret
from app.lib.errors import DependencyError
from tests.stubs import AwsStubs


def test_reads_the_secret_once_and_serves_it_from_the_cache_for_five_minutes(
    aws: AwsStubs, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(secret, "monotonic", lambda: now[0])
    for value in ("first-key", "rotated-key"):
        aws.secret.add_response("get_secret_value", {"SecretString": value}, {"SecretId": secret.secret_arn()})

    assert secret.get_secret() == "first-key"
    now[0] += 299
    assert secret.get_secret() == "first-key"
    now[0] += 2
    assert secret.get_secret() == "rotated-key"


def test_a_secret_without_a_string_value_is_a_dependency_failure(aws: AwsStubs) -> None:
    aws.secret.add_response("get_secret_value", {"SecretBinary": b"\x00\x01"}, {"SecretId": secret.secret_arn()})

    with pytest.raises(DependencyError, match="no string value"):
        secret.get_secret()
