"""CORS: any origin may read (GET, POST for GraphQL queries, preflight OPTIONS); no
origin gets credentials. Keys travel in ``Authorization``, which a browser sends only
when the page's own script sets it, never as an ambient cookie."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import Receive, Scope, Send

__all__ = ["EXPOSED_HEADERS", "cors", "is_preflight"]

EXPOSED_HEADERS = [
    "ETag",
    "Link",
    "Retry-After",
    "RateLimit",
    "RateLimit-Policy",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-Request-ID",
]


def cors() -> CORSMiddleware:
    """Starlette's CORS rules, used by the service layer (``api.service.stack``) for their
    two parts: a preflight's answer, and the headers of every other response."""
    return CORSMiddleware(
        _no_app,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "Accept", "If-None-Match", "X-Request-ID"],
        expose_headers=EXPOSED_HEADERS,
        max_age=600,
    )


def is_preflight(scope: Scope, headers: Headers) -> bool:
    """A browser's preflight, answered by the CORS rules alone (as Starlette decides)."""
    return scope["method"] == "OPTIONS" and "origin" in headers and "access-control-request-method" in headers


async def _no_app(scope: Scope, receive: Receive, send: Send) -> None:  # pragma: no cover
    raise RuntimeError("the CORS rules are applied by the service layer, not called as an app")
