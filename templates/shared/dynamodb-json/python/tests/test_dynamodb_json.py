from decimal import Decimal

from app.lib.dynamodb_json import from_attributes, to_attributes

ITEM = {
    "id": "item-1",
    "price": 1.1,
    "quantity": 3,
    "inStock": True,
    "note": None,
    "tags": ["a", "b"],
    "supplier": {"name": "Roastery Co", "rating": 4.5},
}
ATTRIBUTES = {
    "id": {"S": "item-1"},
    "price": {"N": "1.1"},
    "quantity": {"N": "3"},
    "inStock": {"BOOL": True},
    "note": {"NULL": True},
    "tags": {"L": [{"S": "a"}, {"S": "b"}]},
    "supplier": {"M": {"name": {"S": "Roastery Co"}, "rating": {"N": "4.5"}}},
}


def test_writes_numbers_as_their_exact_json_text() -> None:
    assert to_attributes(ITEM) == ATTRIBUTES


def test_reads_attribute_values_back_as_plain_json_values() -> None:
    assert from_attributes(ATTRIBUTES) == ITEM
    assert type(from_attributes({"n": {"N": "3"}})["n"]) is int


def test_reads_sets_as_lists() -> None:
    plain = from_attributes({"sizes": {"NS": ["1", "2.5"]}, "colours": {"SS": ["blue"]}})

    assert sorted(plain["sizes"]) == [1, 2.5]
    assert plain["colours"] == ["blue"]
    assert not any(isinstance(value, Decimal) for value in plain["sizes"])
