"""413 for request bodies over ``PEACEOPS_MAX_BODY_BYTES``.

A declared ``Content-Length`` over the limit is refused before the app runs. A body sent
without one (chunked) is counted as it is read: past the limit, reading raises
``PayloadTooLarge``, which is answered as a 413 problem if the response has
not started (whoever was reading: an endpoint, GraphQL, or the rate limiter weighing a
query).
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import PayloadTooLarge
from api.service.problems import send_problem
from api.service.request_headers import raw_header

__all__ = ["BodyLimit"]


class BodyLimit:
    """The limit, applied to one request at a time (``run``)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes

    def _too_large(self) -> PayloadTooLarge:
        return PayloadTooLarge(f"the request body is larger than the limit of {self.max_bytes} bytes")

    async def run(
        self, app: ASGIApp, scope: Scope, receive: Receive, send: Send, started: Callable[[], bool]
    ) -> None:
        """``app`` on this request with its body counted; ``started`` tells whether the
        response has begun (a 413 can no longer be sent once it has)."""
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await send_problem(scope, receive, send, self._too_large(), {"Connection": "close"})
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise self._too_large()
            return message

        try:
            await app(scope, counted_receive, send)
        except PayloadTooLarge as exc:
            if started():
                raise
            await send_problem(scope, receive, send, exc, {"Connection": "close"})


def _content_length(scope: Scope) -> int | None:
    value = raw_header(scope, b"content-length")
    try:
        return None if value is None else int(value)
    except ValueError:
        return None
