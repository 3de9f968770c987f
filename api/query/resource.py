"""What a resource declaration is (``Resource``), how a parent's children are declared
(``Relation``), and the helpers that declare fields. The declarations themselves are
``api.query.resources``."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from api.query.fields import FieldDecl, FieldType, RelationFilter, SpecialFilter
from api.query.spec import MAX_LIMIT, SortKey

__all__ = [
    "RELEVANCE",
    "RELEVANCE_DOC",
    "Relation",
    "Resource",
    "bookkeeping_fields",
    "column_field",
    "date_field",
    "enum_field",
    "id_field",
    "ref_field",
    "table_of",
]

RELEVANCE = "relevance"
RELEVANCE_DOC = (
    "`relevance` (only with `q`) puts the best match first, `-relevance` the worst. Each row "
    "then carries its `relevance`: a score of 0 or more, higher is better (SQLite: FTS5's bm25, "
    "negated; PostgreSQL: ts_rank). It orders the matches of one query and is not comparable "
    "across queries or engines."
)


def table_of(model: type[SQLModel]) -> sa.Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


@dataclass(frozen=True, kw_only=True)
class Resource:
    name: str  # plural, as in the URL: "missions"
    singular: str  # "mission"
    table: sa.Table
    key: tuple[str, ...]
    fields: tuple[FieldDecl, ...]
    default_sort: tuple[SortKey, ...]
    relation_filters: tuple[RelationFilter, ...] = ()
    special_filters: tuple[SpecialFilter, ...] = ()
    as_of: str | None = None  # the date field that as_of compares with
    # True: a record with no date is left out of an as-of list (it cannot be placed in time).
    as_of_strict: bool = False
    # Fields whose value depends on the as-of day (a mission's status): given the bound
    # day, the expressions that replace their columns in selects, filters and sorts.
    as_of_columns: Callable[[Any], Mapping[str, sa.ColumnElement[Any]]] | None = None
    searchable: bool = False
    # The NOT NULL field whose value each search document carries as its sort key on
    # SQLite (kept by migration 0006's triggers): a search in that order is ordered from
    # the documents (api.query.sql.plan._document_keys).
    search_sort: str | None = None
    expansions: tuple[str, ...] = ()
    # group_by: the fields a list can be grouped by, and the field whose values each group
    # lists (the mandates of a group of votes: "on which").
    groupable: tuple[str, ...] = ()
    group_lists: str | None = None
    max_limit: int = MAX_LIMIT
    description: str = ""

    def field(self, name: str) -> FieldDecl:
        return self._by_name[name]

    # Declarations are immutable: what derives from them is computed once per resource.
    @functools.cached_property
    def _by_name(self) -> dict[str, FieldDecl]:
        return {f.name: f for f in self.fields}

    @functools.cached_property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @functools.cached_property
    def filterable(self) -> dict[str, FieldDecl | RelationFilter | SpecialFilter]:
        out: dict[str, FieldDecl | RelationFilter | SpecialFilter] = {
            f.name: f for f in self.fields if f.filter
        }
        out.update({f.name: f for f in self.relation_filters})
        out.update({f.name: f for f in self.special_filters})
        return out

    @functools.cached_property
    def sortable(self) -> tuple[str, ...]:
        """The sortable fields; a searchable resource also sorts by ``relevance`` (to
        ``q``: best match first; without ``q`` every row is equally relevant)."""
        own = tuple(f.name for f in self.fields if f.sort)
        return (*own, RELEVANCE) if self.searchable else own


def column_field(table: sa.Table, name: str, type_: FieldType, **kw: Any) -> FieldDecl:
    column = table.c[name]
    return FieldDecl(name=name, column=column, type=type_, nullable=bool(column.nullable), **kw)


def enum_field(table: sa.Table, name: str, enum: type[Enum], **kw: Any) -> FieldDecl:
    return column_field(table, name, FieldType.enum, enum=enum, filter=True, **kw)


def date_field(table: sa.Table, name: str, **kw: Any) -> FieldDecl:
    return column_field(table, name, FieldType.date, filter=True, sort=True, **kw)


def ref_field(table: sa.Table, name: str, to: str, **kw: Any) -> FieldDecl:
    return column_field(table, name, FieldType.ref, references=to, filter=True, **kw)


def bookkeeping_fields(table: sa.Table) -> tuple[FieldDecl, ...]:
    """version, created_at, updated_at: read-only, set by the server on every write."""
    return (
        column_field(
            table,
            "version",
            FieldType.integer,
            description="Counts writes; the ETag, and the If-Match of writes.",
        ),
        column_field(table, "created_at", FieldType.timestamp),
        column_field(table, "updated_at", FieldType.timestamp),
    )


def id_field(table: sa.Table) -> FieldDecl:
    return column_field(table, "id", FieldType.ref, filter=True, sort=True, ops=("eq", "in", "not"))


@dataclass(frozen=True)
class Relation:
    """A parent's children: the ``child`` records whose ``field`` (a field or a filter of
    the child) names the parent. REST serves them at ``/v1/{parent}/{id}/{child}``,
    GraphQL as the connection ``{parent}.{child}`` (where the parent has no expansion of
    that name, which already lists them), and the contract documents both."""

    parent: str
    child: str
    field: str
