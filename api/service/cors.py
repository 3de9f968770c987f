"""CORS: any origin may read (GET, POST for GraphQL queries, preflight OPTIONS); no
origin gets credentials. Keys travel in ``Authorization``, which a browser sends only
when the page's own script sets it, never as an ambient cookie."""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

__all__ = ["EXPOSED_HEADERS", "cors"]

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


def cors(app: ASGIApp) -> ASGIApp:
    return CORSMiddleware(
        app,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "Accept", "If-None-Match", "X-Request-ID"],
        expose_headers=EXPOSED_HEADERS,
        max_age=600,
    )
