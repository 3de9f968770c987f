"""RFC 9457 problem responses: the one place that turns errors into HTTP.

Every error a client can cause becomes ``application/problem+json`` with ``type``,
``title``, ``status``, ``detail``, ``instance`` and, for field problems, ``errors[]``.
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

from api.errors import DatabaseUnavailable, MethodNotAllowed, PeaceopsError, Unauthorized

__all__ = ["EXCEPTION_HANDLERS", "PROBLEM_TYPE", "problem_response"]

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
        "instance": request.url.path if request is not None else "",
    }
    if errors:
        body["errors"] = errors
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM_TYPE, headers=headers)


async def _peaceops_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PeaceopsError)
    headers = {"Allow": ", ".join(exc.allow)} if isinstance(exc, MethodNotAllowed) else None
    if isinstance(exc, Unauthorized):
        headers = {"WWW-Authenticate": exc.challenge}
    if isinstance(exc, DatabaseUnavailable):
        headers = {"Retry-After": "5"}
    return problem_response(
        request,
        status=exc.status,
        slug=exc.slug,
        title=exc.title,
        detail=exc.detail,
        errors=[e.as_dict() for e in exc.errors],
        headers=headers,
    )


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
    log.warning("database unavailable: %s", exc)
    return problem_response(
        request,
        status=503,
        slug="unavailable",
        title="Service unavailable",
        detail="the database is not answering; try again shortly",
        headers={"Retry-After": "5"},
    )


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
