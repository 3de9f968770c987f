"""The order in which the service middleware wraps the app, outermost first:

1. request id: everything below, logs and problems included, knows it;
2. access log and 3. metrics: they see every answer, the ones refused below too;
4. security headers and 5. CORS: on every answer, refusals included;
6. body limit: before anything reads a body;
7. rate limit: weighs GraphQL bodies the body limit has bounded;
then Starlette's own error and exception middleware and the routes.

The stack sits *outside* Starlette's ``ServerErrorMiddleware``, so even an unexpected
500 leaves with a request id and security headers.
"""

from __future__ import annotations

from starlette.types import ASGIApp

from api.service.access_log import AccessLogMiddleware
from api.service.body_limit import BodyLimitMiddleware
from api.service.cors import cors
from api.service.headers import SecurityHeadersMiddleware
from api.service.metrics import RATE_LIMIT_REFUSALS, MetricsMiddleware
from api.service.ratelimit import RateLimitMiddleware, Weigh
from api.service.ratelimit_backends import RateLimitBackend
from api.service.request_id import RequestIdMiddleware
from api.settings import Settings

__all__ = ["service_stack"]


def service_stack(
    app: ASGIApp, *, settings: Settings, backend: RateLimitBackend | None, weigh: Weigh
) -> ASGIApp:
    if backend is not None and settings.rate_limit > 0:
        app = RateLimitMiddleware(
            app,
            backend=backend,
            limit=settings.rate_limit,
            window=settings.rate_limit_window,
            weigh=weigh,
            on_refusal=RATE_LIMIT_REFUSALS.inc,
        )
    app = BodyLimitMiddleware(app, max_bytes=settings.max_body_bytes)
    app = cors(app)
    app = SecurityHeadersMiddleware(app)
    app = MetricsMiddleware(app)
    app = AccessLogMiddleware(app)
    return RequestIdMiddleware(app)
