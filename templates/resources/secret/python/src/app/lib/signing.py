"""Signatures that let consumers tell the service's items from forgeries."""

import hashlib
import hmac
import json
from typing import Any, cast

from app.lib.log import logger
from app.lib.secret import get_secret


def sign_item(item: dict[str, Any]) -> str | None:
    """A hex HMAC-SHA256 of the item's canonical JSON, keyed with the secret; None while the
    secret has no value, so a freshly deployed service saves items (unsigned) until one is set."""
    key = get_secret()
    if key is None:
        logger.warning("the signing secret has no value yet, so the item is saved unsigned; set it as the README says")
        return None
    # Canonical: sorted keys, no spaces, raw UTF-8, whole numbers without ".0". A consumer that
    # parsed the item and wrote it out again, in another key order or in another language (the
    # Node template signs the same bytes), still computes the same signature.
    canonical = _whole_numbers_as_int(item)
    payload = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return hmac.new(key.encode(), payload, hashlib.sha256).hexdigest()


def _whole_numbers_as_int(value: Any) -> Any:
    """1.0 as 1, as JavaScript writes it, and as a table read gives it back."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        fields = cast(dict[str, Any], value)
        return {key: _whole_numbers_as_int(inner) for key, inner in fields.items()}
    if isinstance(value, list):
        return [_whole_numbers_as_int(inner) for inner in cast(list[Any], value)]
    return value
