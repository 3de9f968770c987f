"""PostgreSQL spells a page's dates and timestamps itself, as the wire has them.

psycopg turns each ``timestamptz`` into a ``datetime`` and each ``date`` into a ``date``,
and the store then turns them back into text (``api.query.wire``): per row of events,
two timestamps and a date built and spelled in Python, the largest share of a page's
CPU in the worker (``bench/README.md``, PostgreSQL). ``to_char`` writes the same text in
the select, and psycopg hands it over as it is. The spelling follows the Python one
value for value: a timestamp in UTC as ISO 8601 with a ``Z``, its fraction of a second
as six digits and left out when it is zero (``datetime.isoformat``); a date as
``YYYY-MM-DD``, whatever the session's ``DateStyle``. ``tests/query/test_postgres_spelling.py``
compares both spellings. Expressions of another type (an as-of value read from a
document) are left to Python, which takes either.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

__all__ = ["date_text", "timestamp_text"]


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
