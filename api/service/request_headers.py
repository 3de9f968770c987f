"""A request header read straight from the ASGI scope: one pass over its raw headers, where
Starlette's ``Headers`` builds a mapping of them all first."""

from __future__ import annotations

from starlette.types import Scope

__all__ = ["raw_header"]


def raw_header(scope: Scope, name: bytes) -> bytes | None:
    """The first value of the header ``name`` (lower-case bytes, as ASGI carries names)."""
    for key, value in scope.get("headers", ()):
        if key == name:
            found: bytes = value
            return found
    return None
