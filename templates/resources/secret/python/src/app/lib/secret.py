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
_cached: tuple[str, float] | None = None  # (value, monotonic time it expires)


def get_secret() -> str:
    global _cached
    now = monotonic()
    if _cached is not None and _cached[1] > now:
        return _cached[0]
    try:
        response = secretsmanager.get_secret_value(SecretId=secret_arn())
    except (BotoCoreError, ClientError) as error:
        raise DependencyError("secret", error) from error
    value: str | None = response.get("SecretString")
    if not value:
        raise DependencyError("secret", ValueError("the secret has no string value"))
    _cached = (value, now + _CACHE_SECONDS)
    return value


def clear_secret_cache() -> None:
    """For tests: forget the cached value."""
    global _cached
    _cached = None
