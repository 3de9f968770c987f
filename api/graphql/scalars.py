"""The scalars and enums of the schema: ``Date``, ``Quantity`` (a figure) and a GraphQL
enum per model enum.

Rows carry wire values (ISO date strings, enum values as strings); both scalars take
them as they are on the way out, so no row is converted. On the way in, ``Date`` parses
to ``datetime.date`` and enum arguments are mapped back to the model's enum members.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from enum import Enum
from typing import Any, NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

from api.query.numbers import AS_WRITTEN, as_written
from api.query.operators import parse_date
from graphql import GraphQLFloat

__all__ = [
    "DATE_SCALAR",
    "QUANTITY_SCALAR",
    "Date",
    "Quantity",
    "SortDirection",
    "graphql_enum",
    "model_member",
]

Date = NewType("Date", str)


def _serialize_date(value: Any) -> str:
    return value if isinstance(value, str) else dt.date.isoformat(value)


def _parse_date(value: Any) -> dt.date:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")
    return parse_date(value)


DATE_SCALAR: ScalarDefinition = strawberry.scalar(
    name="Date",
    description="A calendar date, ISO 8601 (YYYY-MM-DD).",
    serialize=_serialize_date,
    parse_value=_parse_date,
)


Quantity = NewType("Quantity", float)


def _serialize_quantity(value: Any) -> Any:
    """GraphQL's Float checks, then the number as written (``api.query.numbers``)."""
    return as_written(GraphQLFloat.serialize(value))


# A figure. Not the standard Float (which graphql-core writes as 400.0 and does not let a
# schema redefine): the same values, written as REST writes them. Inputs take any Float.
QUANTITY_SCALAR: ScalarDefinition = strawberry.scalar(
    name="Quantity",
    description="A figure: a JSON number, read as a Float. " + AS_WRITTEN,
    serialize=_serialize_quantity,
    parse_value=GraphQLFloat.parse_value,
    parse_literal=GraphQLFloat.parse_literal,
)


@strawberry.enum(description="The direction of a sort key.")
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@functools.cache
def graphql_enum(enum: type[Enum]) -> type[Enum]:
    """The GraphQL mirror of a model enum: the same members, upper-case names
    (``Metric.PERSONNEL_DEPLOYED``), the wire string as value."""
    mirror = Enum(enum.__name__, {m.name.upper(): m.value for m in enum})  # type: ignore[misc]
    doc = inspect.cleandoc(enum.__doc__) if enum.__doc__ else None
    return strawberry.enum(mirror, description=doc)


def model_member(enum: type[Enum], value: Any) -> Enum:
    """The model enum member for a GraphQL enum argument."""
    return enum(getattr(value, "value", value))
