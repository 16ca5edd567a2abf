"""Configuration the stack passes to functions as environment variables.

Read settings where they are used, not at import: the stack gives each resource's variable only
to the functions that use it. Every error names the variable and what was wrong with it.
"""

import math
import os

_BOOLEANS = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False, "off": False}


class ConfigError(RuntimeError):
    """A setting is missing or not of the expected kind: a bug in the stack, not in a request."""


def required_env(name: str) -> str:
    """A setting the function cannot work without (a resource's name or ARN)."""
    value = os.environ.get(name)
    if not value:
        raise ConfigError(f"environment variable {name} is not set")
    return value


def optional_env(name: str, default: str) -> str:
    """A text setting, or `default` when it is unset or empty."""
    return os.environ.get(name) or default


def int_env(name: str, default: int) -> int:
    """A whole-number setting (`PAGE_SIZE=25`), or `default` when it is unset or empty."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise ConfigError(f"environment variable {name} must be a whole number, got {text!r}") from None


def float_env(name: str, default: float) -> float:
    """A number setting (`RATE=0.5`), or `default` when it is unset or empty."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    # float() also reads "inf", "nan" and "1e999" (infinite): no setting means those.
    if not math.isfinite(value):
        raise ConfigError(f"environment variable {name} must be a number, got {text!r}")
    return value


def bool_env(name: str, default: bool) -> bool:
    """A flag (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`, any case), or `default` when unset or empty."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    value = _BOOLEANS.get(text.lower())
    if value is None:
        raise ConfigError(f"environment variable {name} must be true or false, got {text!r}")
    return value
