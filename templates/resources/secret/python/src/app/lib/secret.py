"""The Secrets Manager secret, read at run time and cached; the environment holds only its ARN."""

from time import monotonic

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from app.lib.config import required_env
from app.lib.errors import DependencyError


def secret_arn() -> str:
    """Read when used, not at import: the stack sets SECRET_ARN only for the functions that use this resource."""
    return required_env("SECRET_ARN")


# Created once per execution environment and reused by every invocation.
secretsmanager = boto3.client("secretsmanager")
# Long enough to spare Secrets Manager a call per invocation, short enough to pick up a rotation.
_CACHE_SECONDS = 5 * 60
# A secret without a value is asked again sooner, so setting one takes effect within a minute.
_UNSET_CACHE_SECONDS = 60
_cached: tuple[str | None, float] | None = None  # (value, monotonic time it expires)


def get_secret() -> str | None:
    """The secret's value, or None while it has none.

    The stack creates the secret without a value (it never enters Terraform's state); until
    someone sets one (`aws secretsmanager put-secret-value`, see the README), Secrets Manager
    answers ResourceNotFoundException for its current version. Callers carry on without it.
    """
    global _cached
    now = monotonic()
    if _cached is not None and _cached[1] > now:
        return _cached[0]
    try:
        response = secretsmanager.get_secret_value(SecretId=secret_arn())
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
            raise DependencyError("secret", error) from error
        _cached = (None, now + _UNSET_CACHE_SECONDS)
        return None
    except BotoCoreError as error:
        raise DependencyError("secret", error) from error
    value = response.get("SecretString")
    if not isinstance(value, str) or not value:
        raise DependencyError("secret", ValueError("the secret has no string value"))
    _cached = (value, now + _CACHE_SECONDS)
    return value


def clear_secret_cache() -> None:
    """For tests: forget the cached value."""
    global _cached
    _cached = None
