"""Configuration the stack passes to every function as environment variables."""

import os


def required_env(name: str) -> str:
    """Reads a setting the stack provides.

    Called at module import, so a misconfigured function fails on its first cold start with a
    message that names the missing variable, not later with a confusing AWS error.
    """
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"environment variable {name} is not set")
    return value
