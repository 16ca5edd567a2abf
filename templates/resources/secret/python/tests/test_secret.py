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


def test_a_secret_that_has_no_value_yet_reads_as_none_and_is_asked_again_after_a_minute(
    aws: AwsStubs, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(secret, "monotonic", lambda: now[0])
    # What Secrets Manager answers for a secret created without a value.
    aws.secret.add_client_error(
        "get_secret_value",
        service_error_code="ResourceNotFoundException",
        service_message="Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        http_status_code=400,
        expected_params={"SecretId": secret.secret_arn()},
    )
    aws.secret.add_response("get_secret_value", {"SecretString": "now-set"}, {"SecretId": secret.secret_arn()})

    assert secret.get_secret() is None
    now[0] += 59
    assert secret.get_secret() is None
    now[0] += 2
    assert secret.get_secret() == "now-set"


def test_access_denied_is_a_permanent_dependency_failure(aws: AwsStubs) -> None:
    aws.secret.add_client_error(
        "get_secret_value",
        service_error_code="AccessDeniedException",
        service_message="User is not authorized to perform: secretsmanager:GetSecretValue",
        http_status_code=400,
    )

    with pytest.raises(DependencyError) as raised:
        secret.get_secret()
    assert (raised.value.code, raised.value.transient) == ("AccessDeniedException", False)
