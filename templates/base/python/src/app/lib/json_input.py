"""JSON text that arrives inside events (message bodies, request bodies), parsed strictly."""

import json
import math
from typing import Any

from app.lib.errors import ValidationError


def parse_json(text: str, what: str) -> Any:
    """The value JSON `text` holds; `what` names the text in the error ("the message body").

    Stricter than `json.loads`, which takes NaN and Infinity (not JSON) and reads 1e400 as an
    infinite float. Numbers that are not finite cannot be stored later (DynamoDB refuses them and
    `json.dumps` writes them as invalid JSON), so they are refused here, as a ValidationError
    that handlers know not to retry, instead of surfacing as a TypeError in the middle of a save.
    """
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except (ValueError, RecursionError) as error:  # ValueError includes JSONDecodeError
        raise ValidationError(f"{what} is not valid JSON") from error


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is too large for a float")
    return number
