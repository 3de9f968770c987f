"""PostgreSQL's fast paths: dates and timestamps spelled in the select, and a search
with few matches read before it is ordered.

1. **Dates and timestamps as the wire has them.**

psycopg turns each ``timestamptz`` into a ``datetime`` and each ``date`` into a ``date``,
and the store then turns them back into text (``api.query.wire``): per row of events,
two timestamps and a date built and spelled in Python, the largest share of a page's
CPU in the worker (``bench/README.md``, PostgreSQL). ``to_char`` writes the same text in
the select, and psycopg hands it over as it is. The spelling follows the Python one
value for value: a timestamp in UTC as ISO 8601 with a ``Z``, its fraction of a second
as six digits and left out when it is zero (``datetime.isoformat``); a date as
``YYYY-MM-DD``, whatever the session's ``DateStyle``. ``tests/query/test_postgres_paths.py``
compares both spellings. Expressions of another type (an as-of value read from a
document) are left to Python, which takes either.

2. **A search with few matches reads them first** (``matches_first``). For a page of a
   search in the list's order, PostgreSQL's planner walks the list's index in order and
   tests each row against the search documents, expecting the matches spread evenly.
   They are not, when a word belongs to one place or mission: ``q=goma`` (2,372 of 1M
   events, all in one mission's years) walked 370,000 events, 1.1-1.5 s a page. When the
   query's count (known before the page on PostgreSQL, and kept per dataset version) is
   below ``FEW_MATCHES``, the matching rows are selected first in a ``MATERIALIZED``
   common table expression, which the planner may not reorder, and the page is the first
   rows of those, sorted. The same rows in the same order: ``tests/query/test_postgres_paths.py``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from api.query.resources import Resource
from api.query.spec import ListQuery, SortKey
from api.query.sql.keyset import Columns, order_by
from api.query.sql.search import ranked, search_terms

__all__ = ["FEW_MATCHES", "date_text", "matches_first", "reads_matches_first", "timestamp_text"]

# Below this many rows a search page reads its matches first (past it, walking the list's
# index finds a page after a few rows, however the matches fall).
FEW_MATCHES = 5_000


def _literal(text: str) -> sa.ColumnElement[str]:
    """A constant of the statement (a format, never input)."""
    return sa.literal_column("'" + text.replace("'", "''") + "'")


_UTC = _literal("UTC")
_MICROSECONDS = _literal("US")
_NO_FRACTION = _literal("000000")
_SECONDS = _literal('YYYY-MM-DD"T"HH24:MI:SS"Z"')
_FRACTION = _literal('YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
_DATE = _literal("YYYY-MM-DD")


def timestamp_text(col: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """A timestamp's wire text: in UTC, ISO 8601 with a Z, the fraction only when it is
    not zero. A timestamp without a zone is taken as UTC, as Python takes it."""
    if not isinstance(col.type, sa.DateTime):
        return col
    utc = col.op("AT TIME ZONE")(_UTC) if col.type.timezone else col
    whole = sa.func.to_char(utc, _MICROSECONDS) == _NO_FRACTION
    return sa.case((whole, sa.func.to_char(utc, _SECONDS)), else_=sa.func.to_char(utc, _FRACTION))


def date_text(col: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """A date's wire text, ``YYYY-MM-DD``."""
    if not isinstance(col.type, sa.Date) or isinstance(col.type, sa.DateTime):
        return col
    return sa.func.to_char(col, _DATE)


def reads_matches_first(query: ListQuery) -> bool:
    """Whether a page of this query may read its matches first: a search in the list's
    order (a ranked search reads every match anyway)."""
    return bool(search_terms(query.q or "")) and not ranked(query)


def matches_first(
    resource: Resource,
    selected: list[sa.ColumnElement[Any]],
    cols: Columns,
    keys: tuple[SortKey, ...],
    clauses: list[Any],
    limit: int | None,
) -> sa.Select[Any]:
    """``WITH matches AS MATERIALIZED (the matching rows' keys and sort keys) SELECT the
    fields WHERE key IN (the first keys of matches, in order)``: the matches read from
    their documents and an index (``event (id, date)`` holds an event's sort key), and only
    the page's rows in full. The keys as they are stored, not as they are spelled, so the
    order is the list's own (``keyset.order_by``). The outer select keeps the query's
    clauses (an as-of day's, too); they hold for the page's rows already."""
    sort = [cols[k.field].label(f"sort_{i}") for i, k in enumerate(keys)]
    single = len(resource.key) == 1
    key = resource.table.c[resource.key[0]]
    matched = [key.label("match_key")] if single else list(selected)
    matches = sa.select(*matched, *sort).where(*clauses).cte("matches").prefix_with("MATERIALIZED")
    by_key: Columns = {k.field: matches.c[f"sort_{i}"] for i, k in enumerate(keys)}
    first = sa.select(*(matches.c[c.name] for c in matched)).order_by(*order_by(resource, by_key, keys))
    if limit is not None:
        first = first.limit(limit)
    if not single:  # the page is the first matches themselves
        return first
    page = sa.select(*selected).where(*clauses, key.in_(first.scalar_subquery()))
    return page.order_by(*order_by(resource, cols, keys))
