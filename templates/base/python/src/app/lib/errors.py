"""The failures handlers tell apart: each one decides the HTTP status or whether a record is retried."""


class ValidationError(Exception):
    """The caller sent something we cannot use.

    HTTP handlers answer 400; batch handlers report the record as failed, so it ends in the
    dead-letter queue; asynchronous handlers log and skip it.
    """


class NotFoundError(Exception):
    """What was asked for does not exist; HTTP handlers answer 404."""


class DependencyError(Exception):
    """A service we depend on failed (throttling, an outage).

    HTTP handlers answer 503 so clients retry; batch handlers report the record as failed so
    Lambda retries it; asynchronous handlers let it raise so Lambda retries the event.
    Raise it `from` the original error to keep the cause in the traceback.
    """

    def __init__(self, dependency: str, cause: BaseException) -> None:
        super().__init__(f"{dependency} failed: {cause}")
        self.dependency = dependency
