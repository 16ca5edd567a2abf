"""Signatures that let consumers tell the service's items from forgeries."""

import hashlib
import hmac
import json
from typing import Any

from app.lib.secret import get_secret


def sign_item(item: dict[str, Any]) -> str:
    """A hex HMAC-SHA256 of the item's canonical JSON, keyed with the secret."""
    # Canonical: sorted keys, no spaces, raw UTF-8. A consumer that parsed the item and wrote it
    # out again in another key order still computes the same signature.
    payload = json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return hmac.new(get_secret().encode(), payload, hashlib.sha256).hexdigest()
