"""Driver values to wire values (strings, numbers, booleans, lists; dates as ISO strings,
timestamps as ISO 8601 in UTC with a Z; whole figures as integers, ``api.query.numbers``),
the same on both engines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import orjson

from api.query.fields import FieldDecl, FieldType
from api.query.numbers import as_written

__all__ = ["Rows", "wire_converter", "wire_value"]

Rows = list[list[Any]]  # converted rows of a fetch, in the fields' order


def wire_converter(fields: Sequence[FieldDecl], *, sqlite: bool) -> Callable[[Sequence[Any]], Rows]:
    """Rows of driver values (``fields`` first, then any computed columns, left as they
    are) to rows of wire values, a whole fetch at once: column by column, for the columns
    whose values need converting."""
    fns: list[tuple[int, Callable[[Any], Any]]] = []
    for i, f in enumerate(fields):
        if f.type is FieldType.strings:
            fns.append((i, _json_list))
        elif f.type is FieldType.timestamp and not sqlite:  # SQLite: in the select (plan._wire)
            fns.append((i, _timestamp))
        elif f.type is FieldType.boolean and sqlite:
            fns.append((i, _bool))
        elif f.type is FieldType.date and not sqlite:
            fns.append((i, _iso))
        elif f.type is FieldType.number:  # whole figures without a decimal part
            fns.append((i, as_written))

    def convert(raw: Sequence[Any]) -> Rows:
        rows = [list(r) for r in raw]
        for i, fn in fns:
            for row in rows:
                value = row[i]
                if value is not None:
                    row[i] = fn(value)
        return rows

    return convert


def wire_value(value: Any) -> Any:
    """One value of any type (for rows read through SQLAlchemy: children, loaders)."""
    value = getattr(value, "value", value)
    if type(value) is float:
        return as_written(value)
    if isinstance(value, dt.datetime):
        return _timestamp(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _json_list(value: Any) -> Any:
    return orjson.loads(value) if isinstance(value, (str, bytes)) else value


def _timestamp(value: Any) -> Any:
    """ISO 8601 in UTC with a Z, from SQLite's text or PostgreSQL's datetime (or the text
    PostgreSQL spelled, ``api.query.sql.postgres_paths``)."""
    if type(value) is str and value.endswith("Z"):
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat() + "Z"
    text = str(value).replace(" ", "T")
    return text if text.endswith("Z") or "+" in text[10:] else text + "Z"


def _bool(value: Any) -> Any:
    return None if value is None else bool(value)
