import pytest

from app.lib.errors import ValidationError
from app.lib.json_input import parse_json


def test_parses_json_text() -> None:
    assert parse_json('{"id": "item-1", "price": 1.5, "tags": ["a"], "note": null}', "the body") == {
        "id": "item-1",
        "price": 1.5,
        "tags": ["a"],
        "note": None,
    }


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        '{"id": "item-1"',
        # Python's json module takes these by default; JSON has no such numbers.
        '{"price": NaN}',
        '{"price": Infinity}',
        '{"price": -Infinity}',
        # Valid JSON syntax, but too large for a float: json.loads would make it infinite.
        '{"price": 1e400}',
        # Nested deeper than Python's recursion limit.
        pytest.param("[" * 100_000 + "]" * 100_000, id="nested-100000-deep"),
    ],
)
def test_refuses_what_is_not_json_or_holds_a_number_that_is_not_finite(text: str) -> None:
    with pytest.raises(ValidationError, match="^the body is not valid JSON$"):
        parse_json(text, "the body")
