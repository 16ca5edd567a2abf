"""Metrics and failure reports, with the standard library only (Powertools is not used here).

Metrics are CloudWatch Embedded Metric Format (EMF) log lines: CloudWatch turns each into a metric
in the namespace of the service (POWERTOOLS_SERVICE_NAME, as in the Node template) with a
`service` dimension, without a call to CloudWatch. Each handler counts one business metric
(`ItemsSaved`); `PermanentErrors` counts the failures no retry fixes, for an alarm.
"""

import json
import os
import time
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from app.lib.errors import DependencyError
from app.lib.log import LambdaContext, logger

Event = TypeVar("Event")
Result = TypeVar("Result")


class Metrics:
    """Counts metrics during an invocation and writes them as one EMF line at its end."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self._values: dict[str, float] = {}

    def add(self, name: str, value: float = 1) -> None:
        self._values[name] = self._values.get(name, 0) + value

    def flush(self) -> None:
        """Writes the counted metrics (nothing when none were counted) and starts afresh."""
        if not self._values:
            return
        names = sorted(self._values)
        line = {
            "_aws": {
                "Timestamp": int(time.time() * 1000),
                "CloudWatchMetrics": [
                    {
                        "Namespace": self.namespace,
                        "Dimensions": [["service"]],
                        "Metrics": [{"Name": name, "Unit": "Count"} for name in names],
                    }
                ],
            },
            "service": self.namespace,
            **{name: self._values[name] for name in names},
        }
        self._values = {}
        print(json.dumps(line), flush=True)


metrics = Metrics(os.environ.get("POWERTOOLS_SERVICE_NAME") or "service_undefined")


def observed(handle: Callable[[Event, LambdaContext], Result]) -> Callable[[Event, LambdaContext], Result]:
    """Wraps a handler: every log line of the invocation carries its ids, and the metrics it
    counted are written when it ends, however it ends."""

    @wraps(handle)
    def handler(event: Event, context: LambdaContext) -> Result:
        logger.bind(context)
        try:
            return handle(event, context)
        finally:
            metrics.flush()

    return handler


def report_failure(message: str, error: BaseException, **fields: object) -> None:
    """Logs a failure as what it is. A transient dependency failure (throttling, a 5xx, a
    timeout) is a WARN: a retry deals with it. Anything else is a bug no retry fixes: an ERROR
    with the AWS error code, counted by the `PermanentErrors` metric."""
    if isinstance(error, DependencyError):
        details: dict[str, object] = {
            **fields,
            "dependency": error.dependency,
            "code": error.code,
            "http_status": error.http_status,
        }
        if error.transient:
            logger.warning(message, **details, error=error)
            return
        logger.error(message, **details, error=error)
    else:
        logger.error(message, **fields, error=error)
    metrics.add("PermanentErrors")
