"""The neutral description of a list request. REST and GraphQL both parse into these;
nothing here knows either of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

_T = TypeVar("_T")

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "Condition", "ListQuery", "SortKey"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass(frozen=True)
class Condition:
    """``field op value``: ``value`` is already typed (a date, an enum value, a tuple for
    ``in`` and ``not``, a bool for ``isnull``)."""

    field: str
    op: str
    value: Any


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool = False

    def __str__(self) -> str:
        return ("-" if self.descending else "") + self.field


@dataclass(frozen=True, kw_only=True)
class ListQuery:
    """One list request: which rows (conditions, search, as-of), in which order, which
    page, and what to put in each row (fields, expansions)."""

    resource: str
    conditions: tuple[Condition, ...] = ()
    sort: tuple[SortKey, ...] = ()
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
    q: str | None = None
    as_of: dt.date | None = None
    fields: tuple[str, ...] | None = None
    expand: tuple[str, ...] = ()
    # Set by nested routes (/v1/missions/{id}/mandates): a condition the caller fixed.
    scope: tuple[Condition, ...] = field(default=())

    @property
    def all_conditions(self) -> tuple[Condition, ...]:
        return self.scope + self.conditions

    def derived(self, name: Hashable, compute: Callable[[ListQuery], _T]) -> _T:
        """``compute(self)``, once per query object: a query never changes, and the layers
        derive the same things from it several times a request (its checked resource, its
        fingerprint, its page's plan). Kept in the instance's ``__dict__`` beside the fields,
        as ``functools.cached_property`` keeps its values: equality, hashing and
        ``dataclasses.replace`` do not see it (so copy a query with ``replace``, not by
        its ``__dict__``). A ``compute`` that raises leaves nothing behind."""
        memo: dict[Hashable, Any] | None = self.__dict__.get("_derived")
        if memo is None:
            memo = self.__dict__["_derived"] = {}
        if name in memo:
            return memo[name]  # type: ignore[no-any-return]
        value = memo[name] = compute(self)
        return value
