"""Conditional requests (RFC 9110 section 13): does an ``If-None-Match`` header match an
entity tag? One rule for the app's answers and the response cache's."""

from __future__ import annotations

__all__ = ["etag_matches"]


def etag_matches(raw: bytes | None, etag: str) -> bool:
    """``If-None-Match`` (its raw value) against ``etag`` by the weak comparison: ``*``, or
    any listed tag equal to it with or without ``W/``."""
    if not raw:
        return False
    header = raw.decode("latin-1")
    if header.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in header.split(","))
