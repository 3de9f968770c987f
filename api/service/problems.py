"""RFC 9457 problem responses: the one place that turns errors into HTTP.

Every error a client can cause becomes ``application/problem+json`` with ``type``,
``title``, ``status``, ``detail``, ``instance`` and, for field problems, ``errors[]``.
``instance`` is the request's path with its request id as fragment,
``/v1/missions#req=<X-Request-ID>``: the path says where, the id finds the log lines.
Anything unexpected is logged with its traceback and answered as a bare 500 problem,
so no stack trace ever reaches a client.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import orjson
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from api.db import unavailable
from api.errors import DatabaseUnavailable, MethodNotAllowed, PeaceopsError, TooManyRequests, Unauthorized
from api.service.request_id import current_request_id

__all__ = [
    "EXCEPTION_HANDLERS",
    "PROBLEM_TYPE",
    "error_headers",
    "instance",
    "problem_for",
    "problem_response",
    "send_problem",
]

log = logging.getLogger("peaceops.errors")
PROBLEM_TYPE = "application/problem+json"


def problem_response(
    request: Request | None,
    *,
    status: int,
    slug: str,
    title: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": f"/problems/{slug}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance(request.url.path if request is not None else ""),
    }
    if errors:
        body["errors"] = errors
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM_TYPE, headers=headers)


def instance(path: str) -> str:
    """The problem's ``instance``: ``path#req=<request id>`` (the path alone outside a request)."""
    request_id = current_request_id()
    return f"{path}#req={request_id}" if request_id else path


def error_headers(exc: PeaceopsError) -> dict[str, str] | None:
    if isinstance(exc, MethodNotAllowed):
        return {"Allow": ", ".join(exc.allow)}
    if isinstance(exc, Unauthorized):
        return {"WWW-Authenticate": exc.challenge}
    if isinstance(exc, (DatabaseUnavailable, TooManyRequests)):
        return {"Retry-After": str(exc.retry_after)}
    return None


def problem_for(
    request: Request | None, exc: PeaceopsError, headers: dict[str, str] | None = None
) -> Response:
    """The problem response for ``exc``; middleware uses it outside the exception handlers."""
    return problem_response(
        request,
        status=exc.status,
        slug=exc.slug,
        title=exc.title,
        detail=exc.detail,
        errors=[e.as_dict() for e in exc.errors],
        headers={**(error_headers(exc) or {}), **(headers or {})} or None,
    )


async def _peaceops_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PeaceopsError)
    if isinstance(exc, DatabaseUnavailable):
        log.warning("%s: %s (cause: %s)", exc.slug, exc.detail, exc.__cause__)
    return problem_for(request, exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    phrase = HTTPStatus(status).phrase
    detail = exc.detail if exc.detail and exc.detail != phrase else _DEFAULT_DETAIL.get(status, phrase)
    headers = dict(exc.headers or {})
    if status == 405 and "Allow" in headers:
        detail = f"{request.method} is not allowed here; allowed: {headers['Allow']}"
    return problem_response(
        request,
        status=status,
        slug=phrase.lower().replace(" ", "-"),
        title=phrase,
        detail=detail,
        headers=headers or None,
    )


async def _database_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DBAPIError)
    log.warning("database unavailable: %s", exc)
    return problem_for(request, unavailable(exc.orig))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(
        request,
        status=500,
        slug="internal",
        title="Internal server error",
        detail="an unexpected error occurred; it has been logged",
    )


_DEFAULT_DETAIL = {
    404: "no resource at this path; see /openapi.json or /docs for the routes",
}

EXCEPTION_HANDLERS: dict[Any, Any] = {
    PeaceopsError: _peaceops_error,
    HTTPException: _http_error,
    OperationalError: _database_error,
    DBAPIError: _database_error,
    Exception: _unexpected,
}


async def send_problem(
    scope: Scope, receive: Receive, send: Send, exc: PeaceopsError, headers: dict[str, str] | None = None
) -> None:
    """Answers with a problem from middleware, outside the app's exception handlers."""
    await problem_for(Request(scope), exc, headers)(scope, receive, send)
