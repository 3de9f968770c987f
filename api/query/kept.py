"""Values worked out once and kept by key, at most a bounded number of them: the caches of
pure functions of a request's parts (parses, links, sorts, compiled statements). Full, a
cache forgets everything at once: a flood of distinct keys must not grow memory, and the
keys that come again are worked out again at once."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["Kept"]

_V = TypeVar("_V")
_MISSING = object()


class Kept(Generic[_V]):
    """At most ``limit`` values, by key."""

    def __init__(self, limit: int = 1024) -> None:
        self.limit = limit
        self._values: dict[Hashable, _V] = {}

    def get(self, key: Hashable, compute: Callable[[], _V]) -> _V:
        """The value kept under ``key``, or ``compute()``'s, then kept (a ``compute`` that
        raises keeps nothing)."""
        value = self._values.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            if len(self._values) >= self.limit:
                self._values.clear()
            self._values[key] = value
        return value  # type: ignore[return-value]
