import pytest

from app.lib import table
from app.lib.errors import DependencyError
from tests.stubs import AwsStubs

ITEM = {"id": "item-1", "price": 1.1, "quantity": 3, "tags": ["a", "b"], "note": None}
ATTRIBUTES = {
    "id": {"S": "item-1"},
    "price": {"N": "1.1"},
    "quantity": {"N": "3"},
    "tags": {"L": [{"S": "a"}, {"S": "b"}]},
    "note": {"NULL": True},
}


def test_stores_numbers_exactly_and_reads_them_back_as_json_numbers(aws: AwsStubs) -> None:
    aws.table.add_response("put_item", {}, {"TableName": table.table_name(), "Item": ATTRIBUTES})
    aws.table.add_response(
        "get_item", {"Item": ATTRIBUTES}, {"TableName": table.table_name(), "Key": {"id": {"S": "item-1"}}}
    )

    table.put_item(ITEM)

    assert table.get_item("item-1") == ITEM


def test_a_missing_item_is_none(aws: AwsStubs) -> None:
    aws.table.add_response("get_item", {}, {"TableName": table.table_name(), "Key": {"id": {"S": "item-9"}}})

    assert table.get_item("item-9") is None


def test_throttling_is_a_dependency_failure(aws: AwsStubs) -> None:
    aws.table.add_client_error("get_item", "ProvisionedThroughputExceededException", http_status_code=400)

    with pytest.raises(DependencyError, match="table failed"):
        table.get_item("item-1")
