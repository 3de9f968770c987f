"""Headers added to a response on its way out, as ASGI carries them (raw bytes), by the
service layer (``api.service.stack``)."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.types import Message

__all__ = ["add_headers", "raw_headers"]


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
