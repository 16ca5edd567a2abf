"""A redelivered event announces its item once (app.lib.idempotency)."""

import pytest

from app.lib import idempotency, items
from app.lib.errors import DependencyError
from tests.stubs import OUTAGE, AwsStubs

ITEM: items.Item = {"id": "order-1001", "name": "Blue mug", "quantity": 2}


def test_an_effect_runs_once_however_often_its_payload_comes(aws: AwsStubs) -> None:
    key = "announce#" + idempotency.payload_hash(ITEM)
    aws.idempotency.add_response("put_item", {}, None)
    aws.idempotency.add_response("update_item", {}, None)
    completed = {"id": {"S": key}, "status": {"S": "COMPLETED"}, "expiration": {"N": "4102444800"}}
    aws.idempotency.add_client_error(
        "put_item", service_error_code="ConditionalCheckFailedException", modeled_fields={"Item": completed}
    )
    ran: list[bool] = []

    assert idempotency.once("announce", ITEM, lambda: ran.append(True))
    # The redelivery finds the completed record: the stubs fail on any call they do not expect,
    # and the effect does not run again.
    assert not idempotency.once("announce", dict(ITEM), lambda: ran.append(True))
    assert ran == [True]


def test_the_same_payload_in_another_key_order_is_the_same_announcement() -> None:
    assert idempotency.payload_hash({"a": 1, "b": [1, 2]}) == idempotency.payload_hash({"b": [1, 2], "a": 1})
    assert idempotency.payload_hash({"a": 1}) != idempotency.payload_hash({"a": 2})


def test_a_failed_effect_releases_its_claim_so_the_retry_runs_it(aws: AwsStubs) -> None:
    key = "test#" + idempotency.payload_hash(ITEM)
    aws.idempotency.add_response("put_item", {}, None)
    aws.idempotency.add_response("delete_item", {}, {"TableName": idempotency.table_name(), "Key": {"id": {"S": key}}})

    def fail() -> None:
        raise DependencyError("queue", ConnectionError("reset"))

    with pytest.raises(DependencyError):
        idempotency.once("test", ITEM, fail)


def test_an_effect_running_elsewhere_is_a_transient_failure_and_a_table_outage_too(aws: AwsStubs) -> None:
    running = {"id": {"S": "test#x"}, "status": {"S": "INPROGRESS"}, "expiration": {"N": "4102444800"}}
    aws.idempotency.add_client_error(
        "put_item", service_error_code="ConditionalCheckFailedException", modeled_fields={"Item": running}
    )
    aws.idempotency.add_client_error("put_item", **OUTAGE)
    ran: list[bool] = []

    for _ in range(2):
        with pytest.raises(DependencyError) as failure:
            idempotency.once("test", ITEM, lambda: ran.append(True))
        assert failure.value.transient
    assert ran == []
