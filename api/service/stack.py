"""The service layer: every request's duties, in the order they wrap the app, outermost
first, each written in its own module:

1. request id (``request_id``): everything below, logs and problems included, knows it;
2. access log (``access_log``) and 3. metrics (``metrics``): they see every answer, the
   ones refused below too;
4. security headers (``headers``) and 5. CORS (``cors``): on every answer, refusals
   included; a CORS preflight is answered here;
6. body limit (``body_limit``): before anything reads a body;
7. rate limit (``ratelimit``, its own middleware inside this layer): weighs GraphQL
   bodies the body limit has bounded;
then Starlette's own error and exception middleware and the routes.

The first six run as one ASGI layer with one wrapper of ``send``: as six middlewares
they cost the page of events about a tenth of its time (a coroutine and a wrapper of
``send`` each; ``bench/README.md`` keeps the measurement).
The layer sits *outside* Starlette's ``ServerErrorMiddleware``, so even an unexpected
500 leaves with a request id and security headers.
"""

from __future__ import annotations

import time

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.service import request_id
from api.service.access_log import log_request
from api.service.body_limit import BodyLimit
from api.service.cors import cors, is_preflight
from api.service.headers import SECURITY_RAW_HEADERS
from api.service.metrics import RATE_LIMIT_REFUSALS, observe_request
from api.service.ratelimit import RateLimitMiddleware, Weigh
from api.service.ratelimit_backends import RateLimitBackend
from api.service.response_headers import OutgoingHeaders, raw_headers
from api.settings import Settings

__all__ = ["ServiceLayer", "service_stack"]


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
    return ServiceLayer(app, max_body_bytes=settings.max_body_bytes)


class ServiceLayer:
    """Duties 1 to 6 of the module's list around ``app``; other scopes (lifespan,
    websockets) pass through untouched."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.cors = cors()
        if not self.cors.allow_all_origins or self.cors.allow_credentials:
            # OutgoingHeaders spells Starlette's simple-response rule for this case only
            raise ValueError("the service layer's CORS headers assume any origin, without credentials")
        self.outgoing = OutgoingHeaders(SECURITY_RAW_HEADERS, raw_headers(self.cors.simple_headers))
        self.body_limit = BodyLimit(max_body_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        id_header, token = request_id.enter(scope)
        request_headers = Headers(scope=scope)
        has_origin = "origin" in request_headers
        status = 500
        sent = 0
        started = False

        async def service_send(message: Message) -> None:
            nonlocal status, sent, started
            if message["type"] == "http.response.start":
                status = message["status"]
                started = True
                self.outgoing.apply(message, id_header[0], has_origin)
            if message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            if is_preflight(scope, request_headers):
                preflight = self.cors.preflight_response(request_headers=request_headers)
                await preflight(scope, receive, service_send)
            else:
                await self.body_limit.run(self.app, scope, receive, service_send, lambda: started)
        finally:
            observe_request(scope, status, start)
            log_request(scope, status, sent, start)
            request_id.leave(token)
