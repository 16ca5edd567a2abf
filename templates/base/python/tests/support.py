"""What tests need to act as Lambda does: sample events, a context, and the logs handlers write."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVENTS_DIR = Path(__file__).resolve().parent.parent / "events"

class Logs:
    """The `logs` fixture (conftest.py): a call returns the JSON log lines written since the last
    one; `metrics()` returns the metric (EMF) lines, which have no level or message."""

    def __init__(self, read_output: Callable[[], str]) -> None:
        self._read_output = read_output
        self._lines: list[dict[str, Any]] = []
        self._metrics: list[dict[str, Any]] = []

    def __call__(self) -> list[dict[str, Any]]:
        self._read()
        lines, self._lines = self._lines, []
        return lines

    def metrics(self) -> list[dict[str, Any]]:
        self._read()
        metrics, self._metrics = self._metrics, []
        return metrics

    def _read(self) -> None:
        for text in self._read_output().splitlines():
            line: dict[str, Any] = json.loads(text)
            (self._metrics if "_aws" in line else self._lines).append(line)


def sample_events(function_name: str) -> list[str]:
    """The names of every sample event in events/<function>/, in name order."""
    return sorted(path.stem for path in (EVENTS_DIR / function_name).glob("*.json"))


def load_event(function_name: str, name: str) -> dict[str, Any]:
    """A sample event from events/<function>/<name>.json, exactly as the AWS service delivers it."""
    event: dict[str, Any] = json.loads((EVENTS_DIR / function_name / f"{name}.json").read_text(encoding="utf-8"))
    return event


@dataclass(frozen=True)
class FakeContext:
    """The attributes and method of the context object Lambda passes a handler."""

    function_name: str
    aws_request_id: str
    invoked_function_arn: str
    log_group_name: str
    log_stream_name: str = "2024/01/01/[$LATEST]0123456789abcdef"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 256

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def lambda_context(function_name: str, request_id: str = "test-request-id") -> FakeContext:
    """A context with a fixed request id tests can look for."""
    return FakeContext(
        function_name=function_name,
        aws_request_id=request_id,
        invoked_function_arn=f"arn:aws:lambda:us-east-1:123456789012:function:{function_name}",
        log_group_name=f"/aws/lambda/{function_name}",
    )
