"""Rate limits per client, with the IETF draft headers and ``X-RateLimit-*``.

A client is its API key when it sends ``Authorization: Bearer KEY`` (a SHA-256 of the key,
never the key itself, is the counter's name) and its address otherwise. Each client has
``limit`` points per ``window`` seconds. A REST request costs one point; a GraphQL
request costs what ``weigh`` says (the records it may return, by the same cost as the
GraphQL cost limit, in units of one default page), at least one.

Every limited response carries::

    RateLimit-Policy: "default";q=1200;w=60
    RateLimit: "default";r=1187;t=42              (remaining points, seconds to reset)
    X-RateLimit-Limit: 1200
    X-RateLimit-Remaining: 1187
    X-RateLimit-Reset: 1767225600                  (Unix time the window ends)

and a refused one is a 429 problem with ``Retry-After``. Health, readiness and metrics
are never limited.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import TooManyRequests
from api.service.problems import send_problem
from api.service.ratelimit_backends import Decision, RateLimitBackend
from api.service.request_headers import raw_header

__all__ = ["RateLimitMiddleware", "Weigh", "client_key", "rate_limit_headers"]

Weigh = Callable[[Scope, bytes], int]
"""The points a request costs, from its scope and (for GraphQL POSTs) its body."""

UNLIMITED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def client_key(scope: Scope) -> str:
    value = raw_header(scope, b"authorization")
    if value is not None:
        scheme, _, token = value.decode("latin-1").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return "key:" + hashlib.sha256(token.strip().encode()).hexdigest()[:32]
    client = scope.get("client")
    return "addr:" + (client[0] if client else "unknown")


def rate_limit_headers(decision: Decision, window: int) -> dict[str, str]:
    return {
        "RateLimit-Policy": f'"default";q={decision.limit};w={window}',
        "RateLimit": f'"default";r={decision.remaining};t={decision.reset}',
        "X-RateLimit-Limit": str(decision.limit),
        "X-RateLimit-Remaining": str(decision.remaining),
        "X-RateLimit-Reset": str(int(time.time()) + decision.reset),
    }


class RateLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        backend: RateLimitBackend,
        limit: int,
        window: int,
        weigh: Weigh,
        weighed_paths: frozenset[str] = frozenset({"/graphql"}),
        on_refusal: Callable[[], None] = lambda: None,
    ) -> None:
        self.app = app
        self.backend = backend
        self.limit = limit
        self.window = window
        self.weigh = weigh
        self.weighed_paths = weighed_paths
        self.on_refusal = on_refusal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNLIMITED_PATHS or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        body = b""
        if scope["path"] in self.weighed_paths:
            if scope["method"] == "POST":
                body, receive = await _buffer(receive)
            cost = max(1, self.weigh(scope, body))
        else:
            cost = 1
        decision = await self.backend.spend(
            client_key(scope), min(cost, self.limit), limit=self.limit, window=self.window
        )
        if decision is None:  # the counter store is down: fail open
            await self.app(scope, receive, send)
            return
        headers = rate_limit_headers(decision, self.window)
        if not decision.allowed:
            self.on_refusal()
            refusal = TooManyRequests(
                f"this client's budget of {self.limit} points per {self.window} s is spent "
                f"(this request costs {cost}); retry in {decision.reset} s",
                retry_after=decision.reset,
            )
            await send_problem(scope, receive, send, refusal, headers)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                mutable = MutableHeaders(scope=message)
                for name, value in headers.items():
                    mutable[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _buffer(receive: Receive) -> tuple[bytes, Receive]:
    """Reads the whole body (the body limit has bounded it) and a ``receive`` that replays it."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay
