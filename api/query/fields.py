"""Field declarations: what a resource exposes, how its values are typed, and which
operators and sorts each field allows. REST parameters, OpenAPI parameters, GraphQL
inputs and validation are all generated from these."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

import sqlalchemy as sa

__all__ = ["FieldDecl", "FieldType", "RelationFilter", "SpecialFilter"]


class FieldType(StrEnum):
    """The value type of a field, which decides parsing and the default operators."""

    string = "string"  # free text: names, titles
    ref = "ref"  # the id of another record
    enum = "enum"
    date = "date"
    integer = "integer"
    number = "number"
    boolean = "boolean"
    strings = "strings"  # a list of ids (penholders); not filterable
    timestamp = "timestamp"  # an instant, ISO 8601 in UTC; not filterable


_DEFAULT_OPS: dict[FieldType, tuple[str, ...]] = {
    FieldType.string: ("eq", "in", "not", "contains"),
    FieldType.ref: ("eq", "in", "not"),
    FieldType.enum: ("eq", "in", "not"),
    FieldType.date: ("eq", "in", "not", "gt", "gte", "lt", "lte"),
    FieldType.integer: ("eq", "in", "not", "gt", "gte", "lt", "lte"),
    FieldType.number: ("eq", "in", "not", "gt", "gte", "lt", "lte"),
    FieldType.boolean: ("eq",),
    FieldType.strings: (),
    FieldType.timestamp: (),
}


@dataclass(frozen=True, kw_only=True)
class FieldDecl:
    """One output field of a resource.

    ``filter`` and ``sort`` switch filtering and sorting on; ``ops`` overrides the
    type's default operators (``isnull`` is added for nullable fields). ``references``
    names the resource a ``ref`` field points to (used by GraphQL and expansion).
    """

    name: str
    column: sa.ColumnElement[Any]
    type: FieldType
    nullable: bool = False
    enum: builtins.type[Enum] | None = None
    references: str | None = None
    filter: bool = False
    sort: bool = False
    ops: tuple[str, ...] | None = None
    description: str = ""

    @property
    def operators(self) -> tuple[str, ...]:
        if not self.filter:
            return ()
        ops = self.ops if self.ops is not None else _DEFAULT_OPS[self.type]
        return (*ops, "isnull") if self.nullable and "isnull" not in ops else ops


@dataclass(frozen=True, kw_only=True)
class RelationFilter:
    """A filter on a related table: a child (``actor`` and ``stance`` on event actors), or
    the record a field points at (``mission`` and ``adopted_on`` of a vote's mandate). All relation
    filters over the same child combine into one ``EXISTS``, so ``actor=china&stance=oppose``
    means China opposed, not that China took part and someone opposed."""

    name: str
    relation: str  # the child table's name, the grouping key
    child: sa.Table
    parent_key: sa.ColumnElement[Any]  # the child's column that points at the parent id
    local_key: str = "id"  # the parent's column it points at (``mandate`` for a vote's mandate)
    column: sa.ColumnElement[Any]
    type: FieldType
    enum: builtins.type[Enum] | None = None
    references: str | None = None
    ops: tuple[str, ...] = ("eq", "in")
    description: str = ""

    @property
    def operators(self) -> tuple[str, ...]:
        return self.ops


@dataclass(frozen=True, kw_only=True)
class SpecialFilter:
    """A filter that is not a column comparison: it takes one typed value and builds a
    clause (``in_force_on=DATE``, ``abstainer=CONTRIBUTOR``)."""

    name: str
    type: FieldType
    build: Any  # Callable[[Any], sa.ColumnElement[bool]]
    references: str | None = None
    enum: builtins.type[Enum] | None = None
    description: str = ""
    operators: tuple[str, ...] = field(default=("eq",))
