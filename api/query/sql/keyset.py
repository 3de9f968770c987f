"""The order of a list and the keyset predicate of its cursor: the sort actually applied
(the requested keys or the resource's default, then the record key), the documented NULL
order, and "strictly after this row" in that order. Both take the columns they order as a
mapping, so that the same order can be spelled on a record's columns or on another
table's copy of them (a search document's sort key, ``api.query.sql.plan``).

NULL order, the documented rule: a missing value sorts after every value in ascending
order and before every value in descending order (as if it were the largest); the
record key breaks ties, ascending. Columns declared NOT NULL get a plain ORDER BY and a
plain keyset comparison, so that a composite index can deliver the order (SQLite cannot
use an index for ``NULLS LAST``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from api.query.kept import Kept
from api.query.resources import RELEVANCE, Resource
from api.query.spec import SortKey
from api.query.sql.binding import Binder

__all__ = ["Clause", "Columns", "after", "effective_sort", "order_by"]


_EFFECTIVE: Kept[tuple[SortKey, ...]] = Kept()


def effective_sort(resource: Resource, sort: tuple[SortKey, ...]) -> tuple[SortKey, ...]:
    """The sort actually applied: the requested keys (or the default), a field's later
    repeats dropped, then the record key as tie-breaker. Cursors carry one value each.
    Worked out once per resource and requested sort."""
    return _EFFECTIVE.get((resource.name, sort), lambda: _effective_sort(resource, sort))


def _effective_sort(resource: Resource, sort: tuple[SortKey, ...]) -> tuple[SortKey, ...]:
    keys: list[SortKey] = []
    seen: set[str] = set()
    for key in (*(sort or resource.default_sort), *(SortKey(k) for k in resource.key)):
        if key.field not in seen:
            seen.add(key.field)
            keys.append(key)
    return tuple(keys)


Columns = dict[str, sa.ColumnElement[Any]]
Clause = Callable[[Columns], Any]  # a WHERE clause, built from the query's columns when compiled


def _nullable(resource: Resource, name: str) -> bool:
    """Whether a sort key can be NULL: its declaration says so. Relevance is never NULL:
    it is only sorted on with a search, whose every row has a score."""
    return name != RELEVANCE and resource.field(name).nullable


def _descending(key: SortKey) -> bool:
    """Whether the key runs from the largest value down. ``relevance`` reads best match
    first, and the best match has the highest score: so it runs down, and ``-relevance``
    (worst first) up."""
    return key.descending != (key.field == RELEVANCE)


def order_by(resource: Resource, cols: Columns, keys: tuple[SortKey, ...]) -> list[sa.ColumnElement[Any]]:
    out: list[sa.ColumnElement[Any]] = []
    for key in keys:
        col = cols[key.field]
        descending = _descending(key)
        if not _nullable(resource, key.field):
            out.append(col.desc() if descending else col.asc())
        else:
            out.append(col.desc().nulls_first() if descending else col.asc().nulls_last())
    return out


def after(
    resource: Resource,
    keys: tuple[SortKey, ...],
    values: list[Any],
    binder: Binder,
    shape: list[Any],
) -> Clause:
    """Rows strictly after the cursor row in the (NULL-aware) sort order."""
    bound = [None if value is None else binder.bind(value) for value in values]
    shape.extend(value is None for value in values)

    def clause(cols: Columns) -> sa.ColumnElement[bool]:
        alternatives = []
        equal: list[sa.ColumnElement[bool]] = []
        for key, param in zip(keys, bound, strict=True):
            col = cols[key.field]
            descending = _descending(key)
            after: sa.ColumnElement[bool] | None
            here: sa.ColumnElement[bool]
            if param is None:
                after = col.is_not(None) if descending else None
                here = col.is_(None)
            else:
                if descending:
                    after = col < param
                elif _nullable(resource, key.field):
                    after = sa.or_(col > param, col.is_(None))
                else:
                    after = col > param
                here = col == param
            if after is not None:
                alternatives.append(sa.and_(*equal, after))
            equal.append(here)
        return sa.or_(*alternatives) if alternatives else sa.false()

    return clause
