"""The operator registry. Each operator is one entry: how many values it takes, and the
SQL clause it renders, always over bound parameters."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import sqlalchemy as sa

from api.query.fields import FieldType

__all__ = ["OPERATORS", "Operator", "parse_value"]

Clause = sa.ColumnElement[bool]


@dataclass(frozen=True)
class Operator:
    name: str
    description: str
    takes_list: bool  # a comma-separated list in REST, a list in GraphQL
    takes_bool: bool  # ``isnull`` takes true/false whatever the field's type
    render: Callable[[sa.ColumnElement[Any], Any, bool], Clause]
    prepare: Callable[[Any], Any] | None = None  # applied to the value before it is bound


def _eq(col: sa.ColumnElement[Any], value: Any, nullable: bool) -> Clause:
    clause: Clause = col == value
    return clause


def _in(col: sa.ColumnElement[Any], value: Any, nullable: bool) -> Clause:
    return col.in_(value)


def _not(col: sa.ColumnElement[Any], value: Any, nullable: bool) -> Clause:
    clause = col.not_in(value)
    # A missing value is not one of the excluded values, so those rows stay.
    return sa.or_(clause, col.is_(None)) if nullable else clause


def _contains(col: sa.ColumnElement[Any], value: Any, nullable: bool) -> Clause:
    return sa.func.lower(col).like(sa.func.lower(value), escape="\\")


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _isnull(col: sa.ColumnElement[Any], value: Any, nullable: bool) -> Clause:
    return col.is_(None) if value else col.is_not(None)


OPERATORS: dict[str, Operator] = {
    op.name: op
    for op in (
        Operator("eq", "equal to", False, False, _eq),
        Operator("in", "equal to one of (comma-separated)", True, False, _in),
        Operator("not", "equal to none of (comma-separated); rows with no value are kept", True, False, _not),
        Operator("gt", "greater than", False, False, lambda c, v, n: c > v),
        Operator("gte", "greater than or equal to", False, False, lambda c, v, n: c >= v),
        Operator("lt", "less than", False, False, lambda c, v, n: c < v),
        Operator("lte", "less than or equal to", False, False, lambda c, v, n: c <= v),
        Operator(
            "contains", "contains the text, ignoring case", False, False, _contains, prepare=_like_pattern
        ),
        Operator("isnull", "true: has no value; false: has a value", False, True, _isnull),
    )
}

_TRUE = {"true": True, "1": True, "false": False, "0": False}


def parse_value(type_: FieldType, raw: str, enum: type[Enum] | None = None) -> Any:
    """Parse one REST string into the typed value of a field; ValueError says why not."""
    if type_ is FieldType.date:
        return parse_date(raw)
    if type_ is FieldType.enum:
        assert enum is not None
        try:
            return enum(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not one of the allowed values") from None
    if type_ is FieldType.integer:
        return _parse_int(raw)
    if type_ is FieldType.number:
        try:
            number = float(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
        if not math.isfinite(number):
            raise ValueError(f"{raw!r} is not a finite number")
        return number
    if type_ is FieldType.boolean:
        return parse_bool(raw)
    return parse_text(raw)


def parse_text(raw: str) -> str:
    if raw == "":
        raise ValueError("must not be empty")
    if "\x00" in raw:
        raise ValueError("must not contain NUL characters")
    return raw


def parse_date(raw: str) -> dt.date:
    try:
        if len(raw) != 10:
            raise ValueError
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a date (YYYY-MM-DD)") from None


def parse_bool(raw: str) -> bool:
    try:
        return _TRUE[raw.lower()]
    except KeyError:
        raise ValueError(f"{raw!r} is not true or false") from None


# Integer columns are INTEGER on both engines: 32 bits on PostgreSQL, which refuses more.
_INT32 = 2**31


def _integral_float(raw: str) -> int:
    """ "126.0" is a valid JSON Schema integer, and some clients send it."""
    try:
        as_float = float(raw)
    except ValueError:
        as_float = math.nan
    if not as_float.is_integer():
        raise ValueError(f"{raw!r} is not an integer")
    return int(as_float)


def _parse_int(raw: str) -> int:
    try:
        number = int(raw)
    except ValueError:
        number = _integral_float(raw)
    if not -_INT32 <= number < _INT32:
        raise ValueError(f"{raw!r} is out of range for a 32-bit integer")
    return number
