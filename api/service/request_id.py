"""``X-Request-ID``: one id per request, on the response, in every log line and problem.

An incoming ``X-Request-ID`` is kept when it is sane (1 to 128 characters of letters,
digits and ``-_.:``), so that a proxy's or a client's id follows the request through;
anything else is replaced by a fresh random id. The id lives in a context variable, which
the threads that run the database calls inherit.
"""

from __future__ import annotations

import contextvars
import logging
import random
import re

from starlette.types import Scope

from api.service.request_headers import raw_header

__all__ = ["HEADER", "RequestIdFilter", "current_request_id", "enter", "leave"]

HEADER = "X-Request-ID"
_RAW_NAME = HEADER.lower().encode("latin-1")
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("peaceops_request_id", default=None)


def current_request_id() -> str | None:
    return _current.get()


def _incoming(scope: Scope) -> str | None:
    value = raw_header(scope, b"x-request-id")
    if value is None:
        return None
    text = value.decode("latin-1")
    return text if _SANE.fullmatch(text) else None


def _fresh_id() -> str:
    """32 random hex digits, like a UUID4's hex. An id names a request, it guards nothing,
    so the process's seeded generator serves (uuid4 reads the OS's entropy on every call,
    a system call per request); ``random`` reseeds itself in a forked worker."""
    return f"{random.getrandbits(128):032x}"


def enter(scope: Scope) -> tuple[tuple[tuple[bytes, bytes], ...], contextvars.Token[str | None]]:
    """The request's id (the client's, when sane, or a fresh one), put on the scope and in
    the context; returns its response header and the token ``leave`` takes."""
    request_id = _incoming(scope) or _fresh_id()
    scope["peaceops.request_id"] = request_id
    return ((_RAW_NAME, request_id.encode("latin-1")),), _current.set(request_id)


def leave(token: contextvars.Token[str | None]) -> None:
    _current.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every log record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get() or "-"
        return True
