"""The shape every service middleware shares: pure ASGI, acting on HTTP requests only;
other scopes (lifespan, websockets) pass through untouched."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HttpMiddleware", "add_headers", "raw_headers"]


def raw_headers(headers: dict[str, str]) -> tuple[tuple[bytes, bytes], ...]:
    """Headers as ASGI carries them: lower-case names, latin-1 bytes (built once)."""
    return tuple((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items())


def add_headers(message: Message, headers: Sequence[tuple[bytes, bytes]], *, replace: bool = False) -> None:
    """Adds raw ``headers`` to a response's start message: each one the response does not
    carry yet, or with ``replace`` in place of any it carries. One pass over the response's
    headers, where Starlette's ``MutableHeaders`` scans them once per name."""
    current: list[tuple[bytes, bytes]] = list(message.get("headers", ()))
    names = {name for name, _ in headers}
    if replace:
        current = [item for item in current if item[0].lower() not in names]
        current.extend(headers)
    else:
        present = {name.lower() for name, _ in current}
        current.extend(item for item in headers if item[0] not in present)
    message["headers"] = current


class HttpMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """One HTTP request."""
        raise NotImplementedError
