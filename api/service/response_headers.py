"""Headers added to a response on its way out, as ASGI carries them (raw bytes), by the
service layer (``api.service.stack``)."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.types import Message

__all__ = ["OutgoingHeaders", "raw_headers"]


def raw_headers(headers: dict[str, str]) -> tuple[tuple[bytes, bytes], ...]:
    """Headers as ASGI carries them: lower-case names, latin-1 bytes (built once)."""
    return tuple((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items())


class OutgoingHeaders:
    """What every response gets, in one pass over its headers: the request id (in place of
    any the response carries), ``defaults`` (where the response has none of its own: the
    security headers), ``cross_origin`` (in place of the response's, when the request
    came with an ``Origin``: CORS's simple-response headers) and ``Origin`` added to its
    ``Vary``, its values merged into one header: what three steps would do one after
    the other, each with a pass of its own (Starlette's ``MutableHeaders`` scans the
    headers once per name), the last Starlette's ``CORSMiddleware.send`` for any origin
    without credentials (``tests/service/test_outgoing_headers.py`` compares them)."""

    def __init__(
        self, defaults: Sequence[tuple[bytes, bytes]], cross_origin: Sequence[tuple[bytes, bytes]]
    ) -> None:
        self.defaults = tuple(defaults)
        self.cross_origin = tuple(cross_origin)
        self._replaced = frozenset(name for name, _ in self.cross_origin)

    def apply(self, message: Message, request_id: tuple[bytes, bytes], has_origin: bool) -> None:
        out: list[tuple[bytes, bytes]] = []
        vary: list[bytes] = []
        present: set[bytes] = set()
        replaced = self._replaced if has_origin else frozenset()
        for item in message.get("headers", ()):
            name = item[0].lower()
            if name == b"vary":
                vary.append(item[1])
            elif name != request_id[0] and name not in replaced:
                present.add(name)
                out.append(item)
        out.append(request_id)
        out.extend(item for item in self.defaults if item[0] not in present)
        if has_origin:
            out.extend(self.cross_origin)
        out.append((b"vary", b", ".join([*vary, b"Origin"])))
        message["headers"] = out
