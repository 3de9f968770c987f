"""The answers every operation can give whatever it does, added to the contract in one
pass: the service layer's refusals (429 past the rate limit, 413 for a body over the
limit, 503 while the database is unavailable or a statement runs past its time limit)
and the rate-limit headers that every limited answer carries (``api.service.ratelimit``).

They are written once here, from the same error classes and default settings the server
uses, rather than in each operation, so that a new operation cannot forget them: a
client generated from the contract (and a Schemathesis run against a default ``peaceops
serve``) knows every status it can meet.
"""

from __future__ import annotations

from typing import Any

from api.errors import DatabaseUnavailable, PayloadTooLarge, PeaceopsError, QueryTimeout, TooManyRequests
from api.settings import Settings

__all__ = ["add_service_answers", "service_headers", "service_responses"]

_DEFAULTS = Settings()
_LIMIT = _DEFAULTS.rate_limit
_WINDOW = _DEFAULTS.rate_limit_window
_HEADERS = "#/components/headers/"
_RESPONSES = "#/components/responses/"
_EXAMPLE_INSTANCE = "/v1/missions#req=4f1c2e0a9b7d4c3e"

RATE_LIMIT_HEADERS = (
    "RateLimit",
    "RateLimit-Policy",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
)


def service_headers() -> dict[str, Any]:
    """``components/headers``: the rate-limit headers and ``Retry-After``."""
    window = (
        f"{_LIMIT} points per {_WINDOW} s by default (`PEACEOPS_RATE_LIMIT`, `PEACEOPS_RATE_LIMIT_WINDOW`)"
    )
    return {
        "RateLimit": {
            "description": "The client's remaining points (`r`) and the seconds until the window "
            "resets (`t`), as in the IETF RateLimit header fields draft. Absent when the server "
            "runs with rate limiting off.",
            "schema": {"type": "string"},
            "example": f'"default";r={_LIMIT - 13};t=42',
        },
        "RateLimit-Policy": {
            "description": f"The policy: quota `q` per window of `w` seconds; {window}.",
            "schema": {"type": "string"},
            "example": f'"default";q={_LIMIT};w={_WINDOW}',
        },
        "X-RateLimit-Limit": {
            "description": "The points a client has per window.",
            "schema": {"type": "integer", "minimum": 1},
            "example": _LIMIT,
        },
        "X-RateLimit-Remaining": {
            "description": "The points left in this window.",
            "schema": {"type": "integer", "minimum": 0},
            "example": _LIMIT - 13,
        },
        "X-RateLimit-Reset": {
            "description": "When the window ends, in Unix time (seconds).",
            "schema": {"type": "integer", "minimum": 0},
            "example": 1767225600,
        },
        "Retry-After": {  # on 429 and 503, always
            "description": "Seconds to wait before trying again.",
            "required": True,
            "schema": {"type": "integer", "minimum": 0},
            "example": 5,
        },
    }


def _rate_headers(*, required: bool = False) -> dict[str, Any]:
    if not required:
        return {name: {"$ref": _HEADERS + name} for name in RATE_LIMIT_HEADERS}
    # A $ref header cannot be marked required in place: spell the required ones out.
    headers = service_headers()
    return {name: {**headers[name], "required": True} for name in RATE_LIMIT_HEADERS}


def _example(exc: PeaceopsError) -> dict[str, Any]:
    return {
        "type": f"/problems/{exc.slug}",
        "title": exc.title,
        "status": exc.status,
        "detail": exc.detail,
        "instance": _EXAMPLE_INSTANCE,
    }


def _problem(description: str, headers: dict[str, Any], examples: dict[str, PeaceopsError]) -> dict[str, Any]:
    return {
        "description": description,
        "headers": headers,
        "content": {
            "application/problem+json": {
                "schema": {"$ref": "#/components/schemas/Problem"},
                "examples": {name: {"value": _example(exc)} for name, exc in examples.items()},
            }
        },
    }


def service_responses() -> dict[str, Any]:
    """``components/responses``: 413, 429 and 503."""
    retry = {"Retry-After": {"$ref": _HEADERS + "Retry-After"}}
    return {
        "413": _problem(
            f"The request body is larger than the limit ({_DEFAULTS.max_body_bytes} bytes by default, "
            "`PEACEOPS_MAX_BODY_BYTES`), declared or streamed.",
            {},
            {
                "tooLarge": PayloadTooLarge(
                    f"the request body is larger than the limit of {_DEFAULTS.max_body_bytes} bytes"
                )
            },
        ),
        "429": _problem(
            f"This client's rate-limit budget is spent: {_LIMIT} points per {_WINDOW} s by default. "
            "A client is its API key when it sends one, its address otherwise. A REST request costs "
            "1 point; a GraphQL request the records it may return, in units of 50. Wait "
            "`Retry-After` seconds.",
            {**retry, **_rate_headers(required=True)},
            {
                "spent": TooManyRequests(
                    f"this client's budget of {_LIMIT} points per {_WINDOW} s is spent "
                    "(this request costs 1); retry in 42 s",
                    retry_after=42,
                )
            },
        ),
        "503": _problem(
            "The database is unavailable (`/problems/unavailable`, `Retry-After: "
            f"{DatabaseUnavailable.retry_after}`) or the query ran past the statement time limit "
            f"and was cancelled (`/problems/timeout`, `Retry-After: {QueryTimeout.retry_after}`).",
            {**retry, **_rate_headers()},
            {
                "unavailable": DatabaseUnavailable("the database is not answering; try again shortly"),
                "timeout": QueryTimeout(
                    "the query ran past the statement time limit and was cancelled; narrow it"
                ),
            },
        ),
    }


def add_service_answers(paths: dict[str, Any], responses: dict[str, Any]) -> None:
    """Adds 429 and 503 to every operation (all are rate-limited and reach the database),
    413 to every operation that reads a body, and the rate-limit headers to every answer
    that passes the rate limiter, the shared ``responses`` components included."""
    for response in responses.values():
        response.setdefault("headers", {}).update(_rate_headers())
    for item in paths.values():
        for op in item.values():
            answers = op["responses"]
            for answer in answers.values():
                if "$ref" not in answer:
                    answer["headers"] = {**answer.get("headers", {}), **_rate_headers()}
            answers["429"] = {"$ref": _RESPONSES + "429"}
            answers["503"] = {"$ref": _RESPONSES + "503"}
            if "requestBody" in op:
                answers["413"] = {"$ref": _RESPONSES + "413"}
            op["responses"] = dict(sorted(answers.items()))
