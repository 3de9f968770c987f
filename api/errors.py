"""The one exception tree of peaceops.

::

    PeaceopsError                   base; never raised itself
    ├── BadRequest (400)            a request parameter or body is wrong; ``errors`` lists fields
    │   └── InvalidRecord (422)     a written record fails validation; ``errors`` names fields
    ├── Unauthorized (401)          no key, or a malformed, unknown or revoked one
    ├── Forbidden (403)             the key lacks the scope the action needs
    ├── NotFound (404)              no record with that id
    ├── MethodNotAllowed (405)      carries the allowed methods
    ├── NotAcceptable (406)         no representation matches ``Accept``
    ├── Conflict (409)              the write contradicts stored data (references, reuse)
    ├── PreconditionFailed (412)    If-Match names a version that is no longer current
    ├── PayloadTooLarge (413)       the request body is over the configured size
    ├── PreconditionRequired (428)  a write that needs If-Match came without it
    ├── TooManyRequests (429)       the client's rate-limit budget is spent; carries retry_after
    ├── SeedError                   a seed file is invalid (file, record, field)
    └── DatabaseUnavailable (503)   the database cannot be reached or is not migrated
        └── QueryTimeout (503)      a statement ran past PEACEOPS_STATEMENT_TIMEOUT and was cancelled

``api.service.problems`` maps these to RFC 9457 problems and ``api.graphql`` to GraphQL
errors; nothing else decides a status code.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BadRequest",
    "Conflict",
    "DatabaseUnavailable",
    "FieldProblem",
    "Forbidden",
    "InvalidRecord",
    "MethodNotAllowed",
    "NotAcceptable",
    "NotFound",
    "PayloadTooLarge",
    "PeaceopsError",
    "PreconditionFailed",
    "PreconditionRequired",
    "QueryTimeout",
    "SeedError",
    "TooManyRequests",
    "Unauthorized",
]


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one field or parameter."""

    field: str
    message: str
    allowed: tuple[str, ...] | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"field": self.field, "message": self.message}
        if self.allowed is not None:
            out["allowed"] = list(self.allowed)
        return out


class PeaceopsError(Exception):
    status = 500
    title = "Internal error"
    slug = "internal"

    def __init__(self, detail: str, *, errors: list[FieldProblem] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class BadRequest(PeaceopsError):
    status = 400
    title = "Bad request"
    slug = "bad-request"

    @classmethod
    def field(cls, field: str, message: str, allowed: tuple[str, ...] | None = None) -> BadRequest:
        return cls(f"{field}: {message}", errors=[FieldProblem(field, message, allowed)])


class InvalidRecord(BadRequest):
    status = 422
    title = "Invalid record"
    slug = "invalid-record"


class Unauthorized(PeaceopsError):
    status = 401
    title = "Unauthorized"
    slug = "unauthorized"
    challenge = 'Bearer realm="peaceops"'  # the WWW-Authenticate header


class Forbidden(PeaceopsError):
    status = 403
    title = "Forbidden"
    slug = "forbidden"


class Conflict(PeaceopsError):
    status = 409
    title = "Conflict"
    slug = "conflict"


class PreconditionFailed(PeaceopsError):
    status = 412
    title = "Precondition failed"
    slug = "precondition-failed"


class PreconditionRequired(PeaceopsError):
    status = 428
    title = "Precondition required"
    slug = "precondition-required"


class NotFound(PeaceopsError):
    status = 404
    title = "Not found"
    slug = "not-found"


class MethodNotAllowed(PeaceopsError):
    status = 405
    title = "Method not allowed"
    slug = "method-not-allowed"

    def __init__(self, detail: str, *, allow: list[str]) -> None:
        super().__init__(detail)
        self.allow = allow


class NotAcceptable(PeaceopsError):
    status = 406
    title = "Not acceptable"
    slug = "not-acceptable"


class PayloadTooLarge(PeaceopsError):
    status = 413
    title = "Content too large"
    slug = "content-too-large"


class TooManyRequests(PeaceopsError):
    status = 429
    title = "Too many requests"
    slug = "too-many-requests"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class DatabaseUnavailable(PeaceopsError):
    """Answered with ``Retry-After``: the condition is expected to pass."""

    status = 503
    title = "Service unavailable"
    slug = "unavailable"
    retry_after = 5


class QueryTimeout(DatabaseUnavailable):
    title = "Query timed out"
    slug = "timeout"
    retry_after = 1


class SeedError(PeaceopsError):
    """A seed file is invalid. ``str()`` names the file, the record and the field."""

    title = "Invalid seed data"
    slug = "seed"

    def __init__(self, *, file: str, record: str | None, field: str | None, message: str) -> None:
        where = file
        if record is not None:
            where += f", record {record}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")
        self.file = file
        self.record = record
        self.field_name = field
