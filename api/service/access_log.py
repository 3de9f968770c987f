"""Structured access logs: one JSON line per request, and the logging configuration that
``peaceops serve`` hands uvicorn (JSON lines everywhere, each with its request id).

A line holds method, path, the query string with the values of any parameter whose name
mentions a key or a token replaced by ``[redacted]``, status, duration in milliseconds,
bytes sent, the request id and the client address. Headers are never logged, so
``Authorization`` cannot leak. uvicorn's own access log is turned off: it would print
query strings as they came.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlencode

import orjson
from starlette.types import Scope

from api.service.request_id import current_request_id

__all__ = ["JsonFormatter", "log_config", "log_request", "redact_query"]

log = logging.getLogger("peaceops.access")
_SECRET_WORDS = ("key", "token", "secret", "password", "auth")


def redact_query(query_string: str) -> str:
    lowered = unquote_plus(query_string).lower()  # a key may come percent-encoded
    if not any(w in lowered for w in _SECRET_WORDS):
        return query_string  # nothing to redact: as sent
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(
        [(k, "[redacted]" if any(w in k.lower() for w in _SECRET_WORDS) else v) for k, v in pairs]
    )


def log_request(scope: Scope, status: int, sent: int, start: float) -> None:
    """The request's line, when INFO is on for ``peaceops.access`` (``log_config``): the
    record is not even built otherwise."""
    if not log.isEnabledFor(logging.INFO):
        return
    client = scope.get("client")
    log.info(
        "%s %s %s",
        scope["method"],
        scope["path"],
        status,
        extra={
            "access": {
                "method": scope["method"],
                "path": scope["path"],
                "query": redact_query(scope.get("query_string", b"").decode("latin-1")),
                "status": status,
                "duration_ms": round((time.perf_counter() - start) * 1000, 3),
                "bytes": sent,
                "request_id": current_request_id(),
                "client": client[0] if client else None,
            }
        },
    )


class JsonFormatter(logging.Formatter):
    """Every record as one JSON object: time, level, logger, request id, message; access
    records carry their fields at the top level."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        access = getattr(record, "access", None)
        if isinstance(access, dict):
            out.update(access)
        else:
            out["message"] = record.getMessage()
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(out).decode()


def log_config(level: str = "info") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for uvicorn and peaceops: JSON lines on stderr."""
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "filters": ["request_id"],
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "api.service.request_id.RequestIdFilter"}},
        "formatters": {"json": {"()": "api.service.access_log.JsonFormatter"}},
        "handlers": {"default": handler},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "uvicorn.error": {"level": level.upper()},
            "uvicorn.access": {"handlers": [], "propagate": False},
            "peaceops": {"handlers": ["default"], "level": "INFO", "propagate": False},
            "api": {"handlers": ["default"], "level": "INFO", "propagate": False},
        },
        "root": {"handlers": ["default"], "level": "WARNING"},
    }
