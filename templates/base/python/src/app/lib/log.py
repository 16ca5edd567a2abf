"""Structured logs: one JSON object per line on stdout.

Lambda's JSON log format keeps such lines as they are and reads their `level` and `timestamp`,
so log-level filtering works.

The keys are those of the Powertools logger of the Node template: `level` (same level names),
`message`, `timestamp`, `service`, `sampling_rate`, `cold_start`, `function_name`,
`function_arn`, `function_memory_size`, `function_request_id` and `xray_trace_id` (when tracing
is on), and for an exception logged as `error`, `error.name`, `.message` and `.stack`. A
CloudWatch Logs Insights query on those (`filter function_request_id = "..."`,
`level = "ERROR"`) works for functions of either language. The fields a handler adds follow its
language, `messageId` in Node and `message_id` here, so a query on those is written per language.
"""

import json
import os
import traceback
from datetime import UTC, datetime
from typing import Any, Protocol


class LambdaContext(Protocol):
    """The parts of the context object Lambda passes to a handler that this code reads."""

    @property
    def function_name(self) -> str: ...

    @property
    def aws_request_id(self) -> str: ...

    @property
    def invoked_function_arn(self) -> str: ...

    @property
    def memory_limit_in_mb(self) -> int | str: ...

    def get_remaining_time_in_millis(self) -> int: ...


# Lambda's log levels, lowest first; this logger writes the middle four.
_LEVELS = {"TRACE": 0, "DEBUG": 10, "INFO": 20, "WARN": 30, "ERROR": 40, "FATAL": 50}


class Logger:
    """Writes JSON lines; `bind` makes every line carry the current invocation's ids."""

    def __init__(self, service: str | None, level: str) -> None:
        self._static: dict[str, Any] = {"service": service or "service_undefined", "sampling_rate": 0}
        self._threshold = _LEVELS.get(level.upper(), _LEVELS["INFO"])
        self._invocation: dict[str, Any] = {}
        self._cold_start = True

    def bind(self, context: LambdaContext) -> None:
        """Call first in every handler. An execution environment runs one invocation at a time,
        so module-level state is safe and saves passing a logger through every call."""
        self._invocation = {
            "cold_start": self._cold_start,
            "function_name": context.function_name,
            "function_arn": context.invoked_function_arn,
            "function_memory_size": int(context.memory_limit_in_mb),
            "function_request_id": context.aws_request_id,
        }
        trace_id = xray_trace_id()
        if trace_id:
            self._invocation["xray_trace_id"] = trace_id
        self._cold_start = False

    def debug(self, message: str, **fields: Any) -> None:
        self._write("DEBUG", message, fields)

    def info(self, message: str, **fields: Any) -> None:
        self._write("INFO", message, fields)

    def warning(self, message: str, **fields: Any) -> None:
        self._write("WARN", message, fields)

    def error(self, message: str, **fields: Any) -> None:
        self._write("ERROR", message, fields)

    def _write(self, level: str, message: str, fields: dict[str, Any]) -> None:
        if _LEVELS[level] < self._threshold:
            return
        record = {
            "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": level,
            "message": message,
            **self._static,
            **self._invocation,
            **fields,
        }
        print(json.dumps(record, default=_loggable), flush=True)


def xray_trace_id() -> str | None:
    """The X-Ray trace id (`1-5759e988-bd862e3fe1be46a994272793`) of the current invocation, when
    tracing is on: Lambda sets `_X_AMZN_TRACE_ID` to `Root=...;Parent=...;Sampled=1` per invocation."""
    header = os.environ.get("_X_AMZN_TRACE_ID", "")
    for part in header.split(";"):
        key, _, value = part.partition("=")
        if key == "Root" and value:
            return value
    return None


def _loggable(value: object) -> object:
    """What JSON cannot encode: exceptions become name, message and traceback; the rest, text."""
    if isinstance(value, BaseException):
        return {
            "name": type(value).__name__,
            "message": str(value),
            "stack": "".join(traceback.format_exception(value)),
        }
    return str(value)


# The stack sets POWERTOOLS_SERVICE_NAME for every function, whatever its language; Lambda sets
# AWS_LAMBDA_LOG_LEVEL when the function has an application log level.
logger = Logger(os.environ.get("POWERTOOLS_SERVICE_NAME"), os.environ.get("AWS_LAMBDA_LOG_LEVEL", "INFO"))
