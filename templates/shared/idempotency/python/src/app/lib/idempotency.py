"""Effects that must happen once per event, however often the event is delivered.

Sending to a queue or publishing to a topic twice makes two messages, and SQS, SNS, EventBridge,
S3 and streams all deliver at least once. `once` claims a record for the effect's payload in the
idempotency table with a conditional write, runs the effect, then marks the record completed: a
redelivery finds the completed record and skips the effect. The records are those Powertools
Idempotency writes in TypeScript (id, status, expiration, in_progress_expiration).
"""

import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from app.lib.config import required_env
from app.lib.errors import DependencyError
from app.lib.log import LambdaContext

# Far longer than any source takes to deliver an event again; DynamoDB deletes older records (TTL).
EXPIRES_AFTER_SECONDS = 24 * 60 * 60
# Without an invocation to go by (a local run), a claim left by a crash is taken over after this.
DEFAULT_IN_PROGRESS_MS = 60_000

_claim_condition = (
    "attribute_not_exists(#id) OR #expiration < :now"
    " OR (#status = :in_progress AND #in_progress_expiration < :now_ms)"
)
_invocation_deadline_ms: int | None = None


def table_name() -> str:
    """Read when used, not at import: the stack sets IDEMPOTENCY_TABLE_NAME only for the functions that announce."""
    return required_env("IDEMPOTENCY_TABLE_NAME")


# Created once per execution environment and reused by every invocation.
dynamodb = boto3.client("dynamodb")


def register_invocation(context: LambdaContext) -> None:
    """A claim by this invocation lapses when it would time out, so the next delivery can run the
    effect if this one is cut short. `observed` calls this for every invocation."""
    global _invocation_deadline_ms
    _invocation_deadline_ms = int(time.time() * 1000) + context.get_remaining_time_in_millis()


def once(name: str, payload: Any, effect: Callable[[], None]) -> bool:
    """Runs `effect` unless it already ran for the same `payload` (under `name`) within a day.

    Returns whether it ran. A failing effect releases its claim, so the retry runs it again.
    """
    key = f"{name}#{payload_hash(payload)}"
    if not _claim(key):
        return False
    try:
        effect()
    except Exception:
        _release(key)
        raise
    _complete(key)
    return True


def payload_hash(payload: Any) -> str:
    """The same payload, in any key order, gives the same hash."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _claim(key: str) -> bool:
    """Records that the effect for `key` is running; False when it already completed."""
    now_ms = int(time.time() * 1000)
    in_progress_until = _invocation_deadline_ms if _invocation_deadline_ms else now_ms + DEFAULT_IN_PROGRESS_MS
    try:
        dynamodb.put_item(
            TableName=table_name(),
            Item={
                "id": {"S": key},
                "status": {"S": "INPROGRESS"},
                "expiration": {"N": str(now_ms // 1000 + EXPIRES_AFTER_SECONDS)},
                "in_progress_expiration": {"N": str(in_progress_until)},
            },
            ConditionExpression=_claim_condition,
            ExpressionAttributeNames={
                "#id": "id",
                "#expiration": "expiration",
                "#status": "status",
                "#in_progress_expiration": "in_progress_expiration",
            },
            ExpressionAttributeValues={
                ":now": {"N": str(now_ms // 1000)},
                ":now_ms": {"N": str(now_ms)},
                ":in_progress": {"S": "INPROGRESS"},
            },
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
            raise DependencyError("idempotency", error) from error
        existing: dict[str, Any] = dict(error.response.get("Item", {}))
        if existing.get("status") == {"S": "COMPLETED"}:
            return False
        # Another invocation is running the same effect right now: retry later, when it has finished.
        in_progress = DependencyError("idempotency", error)
        in_progress.transient = True
        raise in_progress from error
    except BotoCoreError as error:
        raise DependencyError("idempotency", error) from error
    return True


def _complete(key: str) -> None:
    try:
        dynamodb.update_item(
            TableName=table_name(),
            Key={"id": {"S": key}},
            UpdateExpression="SET #status = :completed",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":completed": {"S": "COMPLETED"}},
        )
    except (BotoCoreError, ClientError) as error:
        raise DependencyError("idempotency", error) from error


def _release(key: str) -> None:
    """Forgets a claim whose effect failed, so the retry can run it."""
    try:
        dynamodb.delete_item(TableName=table_name(), Key={"id": {"S": key}})
    except (BotoCoreError, ClientError) as error:
        raise DependencyError("idempotency", error) from error
