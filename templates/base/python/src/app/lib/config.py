"""Configuration the stack passes to every function as environment variables."""

import os


def required_env(name: str) -> str:
    """Reads a setting the stack provides.

    Called when a resource is used rather than at import: the stack gives each resource's
    variable only to the functions that use it. A function missing one fails with a message
    that names the variable, not with a confusing AWS error.
    """
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"environment variable {name} is not set")
    return value
