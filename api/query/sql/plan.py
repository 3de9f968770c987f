"""Turns a ListQuery into SQL: WHERE clauses from the operator registry, as-of, search,
and the list's order and cursor (``api.query.sql.keyset``). Three plans share one filter
(``_filter``, ``_where``): a page (``plan_page``), a count (``plan_count``) and a stream
(``plan_stream``); plus one record (``plan_get``) and groups (``plan_groups``). SQLite's
shortcuts are ``api.query.sql.sqlite_paths``'s, chosen here only where the store says so.

Statements are built once per *shape* (which fields, operators, sort and flags; never
the values) and compiled once per engine; each request only binds its values. Planning
is two steps for that reason: the walk over the query names and binds the values and
records the shape, eagerly; the SQLAlchemy clauses (costly to construct, a dozen
microseconds a comparison) are closures over the bound parameters, called only when a
shape is first compiled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from api.query.fields import FieldDecl, FieldType, RelationFilter, SpecialFilter
from api.query.operators import OPERATORS
from api.query.resources import RELEVANCE, Resource
from api.query.spec import Condition, ListQuery, SortKey
from api.query.sql import postgres_paths
from api.query.sql import sqlite_paths as fast_paths
from api.query.sql.binding import Binder, Plan, Shape
from api.query.sql.keyset import Clause, Columns, after, effective_sort, order_by
from api.query.sql.search import matching, rank, ranked, search_condition, search_terms
from api.query.sql.stored_version import stored_version

# Plan, Shape and ranked are re-exported: the store reads them here.
__all__ = [
    "Plan",
    "Render",
    "Shape",
    "effective_sort",
    "plan_count",
    "plan_get",
    "plan_groups",
    "plan_page",
    "plan_stream",
    "ranked",
]

Render = tuple[str, tuple[str, ...]]  # a line's format and fields (``sqlite_paths.rendered_line``)


def _columns(
    resource: Resource, query: ListQuery, binder: Binder, *, with_rank: bool = True
) -> tuple[Callable[[], Columns], Any]:
    """What builds each field's expression for this query (a column, or its value on the
    as-of day), and the bound as-of day (None without one); the rank too when
    ``with_rank`` and the query sorts by relevance (a count has no order)."""
    relevance = rank(resource, query.q, binder) if with_rank and ranked(query) else None
    day = binder.bind(query.as_of) if query.as_of is not None and resource.as_of is not None else None

    def columns() -> Columns:
        cols: Columns = {f.name: f.column for f in resource.fields}
        if relevance is not None:
            cols[RELEVANCE] = relevance()
        if day is not None and resource.as_of_columns is not None:
            cols.update(resource.as_of_columns(day))
        return cols

    return columns, day


def _condition(resource: Resource, cond: Condition, binder: Binder) -> tuple[Clause, Any]:
    decl = resource.filterable[cond.field]
    if isinstance(decl, SpecialFilter):
        special = binder.bind(cond.value)
        return (lambda _cols: decl.build(special)), ("special", cond.field)
    op = OPERATORS[cond.op]
    if op.takes_list:
        value: Any = [binder.bind(v) for v in cond.value]
    elif op.takes_bool:
        value = cond.value  # isnull renders IS [NOT] NULL: no parameter
    else:
        value = binder.bind(op.prepare(cond.value) if op.prepare else cond.value)
    nullable = decl.nullable if isinstance(decl, FieldDecl) else False

    def clause(cols: Columns) -> Any:
        column = cols[cond.field] if isinstance(decl, FieldDecl) else decl.column
        return op.render(column, value, nullable)

    sig = (cond.field, cond.op, len(value) if op.takes_list else (value if op.takes_bool else None))
    return clause, sig


def _where(
    resource: Resource,
    query: ListQuery,
    binder: Binder,
    shape: list[Any],
    day: Any,
    probe: bool = False,
) -> list[Clause]:
    clauses: list[Clause] = []
    relations: dict[str, list[Clause]] = {}
    for cond in query.all_conditions:
        decl = resource.filterable[cond.field]
        clause, sig = _condition(resource, cond, binder)
        shape.append(sig)
        if isinstance(decl, RelationFilter):
            relations.setdefault(decl.relation, []).append(clause)
        else:
            clauses.append(clause)
    for decl in resource.relation_filters:
        if decl.relation in relations:
            clauses.append(_related(resource, decl, relations.pop(decl.relation)))
    if day is not None and resource.as_of is not None:
        clauses.append(_as_of(resource, day))
        shape.append("as_of")
    if query.q is not None:
        search = search_condition(resource, query.q, binder, probe)
        clauses.append(lambda _cols: search())
        shape.append(("q", probe) if search_terms(query.q) else "q-empty")
    return clauses


def _related(resource: Resource, decl: RelationFilter, clauses: list[Clause]) -> Clause:
    """Conditions on one related table, all met by one of the record's related rows."""

    def clause(cols: Columns) -> sa.ColumnElement[bool]:
        return sa.exists().where(
            decl.parent_key == resource.table.c[decl.local_key], *(c(cols) for c in clauses)
        )

    return clause


def _as_of(resource: Resource, day: Any) -> Clause:
    """Records that existed on the as-of day (``as_of_strict``: dated on or before it)."""
    assert resource.as_of is not None
    col = resource.table.c[resource.as_of]
    if resource.as_of_strict:
        return lambda _cols: sa.and_(col.is_not(None), col <= day)
    return lambda _cols: sa.or_(col.is_(None), col <= day)


@dataclass
class _Filter:
    """What a page, a count and a stream of one query share: the bound values, the
    shape so far, each field's expression, the as-of day and the WHERE clauses."""

    binder: Binder
    shape: list[Any]
    columns: Callable[[], Columns]
    day: Any
    where: list[Clause]


def _filter(
    resource: Resource, query: ListQuery, head: tuple[Any, ...], *, sqlite: bool, rows: bool
) -> _Filter:
    """``rows``: the rows are read (a page or a stream: the rank is a column); a count
    reads none. The WHERE clauses are left for the caller: a page ordered on the search
    documents has none of its own (``sqlite_paths.document_keys``)."""
    binder = Binder(sqlite)
    shape = list(head)
    columns, day = _columns(resource, query, binder, with_rank=rows)
    shape.append(day is not None)
    return _Filter(binder, shape, columns, day, [])


def plan_count(resource: Resource, query: ListQuery, *, sqlite: bool, with_version: bool = False) -> Plan:
    """``SELECT count(*)`` of the query's rows. ``with_version``: the statement also
    selects the stored dataset version, so the count is known to belong to that version."""
    f = _filter(resource, query, (resource.name, "count", with_version), sqlite=sqlite, rows=False)
    version = [stored_version().scalar_subquery()] if with_version else []
    terms = search_terms(query.q or "")
    if terms and f.day is None and not query.all_conditions:
        # A search alone: every matching document is a record, so count the documents
        # (without a lookup of each record).
        documents = matching(resource, terms, f.binder)
        f.shape.append("count-documents")
        build = lambda: sa.select(sa.func.count(), *version).select_from(documents().subquery())  # noqa: E731
        return Plan(Shape(tuple(f.shape), build), f.binder.params)
    f.where = _where(resource, query, f.binder, f.shape, f.day)
    table = resource.table

    def build_count() -> sa.Select[Any]:
        cols = f.columns()
        return sa.select(sa.func.count(), *version).select_from(table).where(*(c(cols) for c in f.where))

    return Plan(Shape(tuple(f.shape), build_count), f.binder.params)


def plan_page(
    resource: Resource,
    query: ListQuery,
    *,
    sqlite: bool,
    fast: bool = False,
    after_values: list[Any] | None = None,
    probe: bool = False,
    render: Render | None = None,
    stored: bool = False,
    few_matches: bool = False,
) -> Plan:
    """A page: sorted, after the cursor, ``limit + 1`` rows (the extra one says whether
    there is a next page). ``render`` (a format and fields) selects each row as one line
    of text built in SQL, its sort keys after it for the next cursor; ``stored``: the
    rows carry their JSON objects, which the line reads where it can. ``fast``, ``probe``,
    ``render`` and ``stored`` are SQLite's fast paths (``api.query.sql.sqlite_paths``);
    ``few_matches`` is PostgreSQL's (``postgres_paths.reads_matches_first``)."""
    f = _filter(resource, query, (resource.name, "page", False), sqlite=sqlite, rows=True)
    keys = effective_sort(resource, query.sort)
    limit = query.limit + 1
    deferred = False
    if fast and fast_paths.orders_documents(resource, query, keys, probe=probe, day=f.day):
        terms = search_terms(query.q or "")
        f.where = [fast_paths.document_keys(resource, terms, keys, after_values, limit, f.binder, f.shape)]
    else:
        f.where = _where(resource, query, f.binder, f.shape, f.day, probe)
        _after(resource, keys, after_values, f)
        deferred = fast and fast_paths.defers(resource, query, probe=probe)
    first = few_matches and not sqlite and postgres_paths.reads_matches_first(query)
    return _rows(
        resource, query, f, keys, limit, page=True, render=render, stored=stored, deferred=deferred,
        matches_first=first,
    )


def plan_stream(
    resource: Resource,
    query: ListQuery,
    *,
    sqlite: bool,
    after_values: list[Any] | None = None,
    limit: int | None = None,
    render: Render | None = None,
    stored: bool = False,
) -> Plan:
    """Every row after the cursor (``limit`` at most), sorted: an export."""
    f = _filter(resource, query, (resource.name, "stream", False), sqlite=sqlite, rows=True)
    keys = effective_sort(resource, query.sort)
    f.where = _where(resource, query, f.binder, f.shape, f.day)
    _after(resource, keys, after_values, f)
    return _rows(resource, query, f, keys, limit, page=False, render=render, stored=stored, deferred=False)


def _after(resource: Resource, keys: tuple[SortKey, ...], values: list[Any] | None, f: _Filter) -> None:
    if values is not None:
        f.where.append(after(resource, keys, values, f.binder, f.shape))
        f.shape.append("after")


def _rows(
    resource: Resource,
    query: ListQuery,
    f: _Filter,
    keys: tuple[SortKey, ...],
    limit: int | None,
    *,
    page: bool,
    render: Render | None,
    stored: bool,
    deferred: bool,
    matches_first: bool = False,
) -> Plan:
    """The select of a page's or a stream's rows, over the filter ``f``."""
    sqlite = f.binder.sqlite
    shape = f.shape
    shape.append(tuple(str(k) for k in keys))
    shape.append(limit)  # a literal in the SQL, so part of the shape
    shape.append(render)
    shape.append(deferred)
    shape.append(matches_first)
    table = resource.table
    stored_line = (
        stored and f.day is None and render is not None and fast_paths.uses_stored(resource, *render)
    )
    shape.append(stored_line)
    where = f.where

    def build() -> sa.Select[Any]:
        cols = f.columns()
        clauses = [clause(cols) for clause in where]
        order = order_by(resource, cols, keys)
        if deferred:
            clauses = [fast_paths.page_keys(resource, clauses, order, limit)]
        if render is not None:
            fmt, fields = render
            keyed = (
                [_wire(resource.field(k.field), cols, sqlite) for k in keys]
                if page and not fast_paths.keys_in_record(resource, fields, keys)
                else []
            )
            stored_column: sa.ColumnElement[Any] | None = None
            if stored_line:
                stored_column = sa.literal_column(f"{table.name}.record_json")
            line = sa.select(fast_paths.rendered_line(resource, fields, cols, fmt, stored_column), *keyed)
            stmt = (line.select_from(table) if stored_line else line).where(*clauses)
        elif matches_first:
            selected = _selected(resource, cols, sqlite)
            return postgres_paths.matches_first(resource, selected, cols, keys, clauses, limit)
        else:
            rank = [cols[RELEVANCE].label(RELEVANCE)] if page and ranked(query) else []
            stmt = sa.select(*_selected(resource, cols, sqlite), *rank).where(*clauses)
        stmt = stmt.order_by(*order)
        return stmt.limit(limit) if limit is not None else stmt

    return Plan(Shape(tuple(shape), build), f.binder.params)


def plan_get(resource: Resource, key: tuple[Any, ...], *, sqlite: bool) -> Plan:
    binder = Binder(sqlite)
    params = [binder.bind(v) for v in key]

    def build() -> sa.Select[Any]:
        cols: Columns = {f.name: f.column for f in resource.fields}
        clauses = [resource.table.c[k] == p for k, p in zip(resource.key, params, strict=True)]
        return sa.select(*_selected(resource, cols, sqlite)).where(*clauses)

    return Plan(Shape((resource.name, "get"), build), binder.params)


def _selected(resource: Resource, cols: Columns, sqlite: bool) -> list[sa.ColumnElement[Any]]:
    """The fields a record is read with, in declaration order. The database writes
    timestamps' wire text itself (``sqlite_paths.sqlite_timestamp``), and on PostgreSQL
    dates' too (``postgres_paths``)."""
    return [_wire(f, cols, sqlite) for f in resource.fields]


def _wire(f: FieldDecl, cols: Columns, sqlite: bool) -> sa.ColumnElement[Any]:
    col = cols[f.name]
    if f.type is FieldType.timestamp:
        col = fast_paths.sqlite_timestamp(col) if sqlite else postgres_paths.timestamp_text(col)
    elif f.type is FieldType.date and not sqlite:
        col = postgres_paths.date_text(col)
    return col.label(f.name)


def plan_groups(resource: Resource, query: ListQuery, group_by: tuple[str, ...], *, sqlite: bool) -> Plan:
    """``SELECT group fields, count, the listed values GROUP BY group fields`` over the rows
    the query's filters, search and as-of select, ordered by the group fields."""
    binder = Binder(sqlite)
    shape: list[Any] = [resource.name, "groups", group_by]
    columns, day = _columns(resource, query, binder)
    shape.append(day is not None)
    where = _where(resource, query, binder, shape, day)
    listed = resource.group_lists

    def build() -> sa.Select[Any]:
        cols = columns()
        clauses = [clause(cols) for clause in where]
        keys = [cols[g] for g in group_by]
        comma: sa.ColumnElement[str] = sa.literal_column("','")
        agg = sa.func.group_concat if sqlite else sa.func.string_agg
        extra = [agg(cols[listed], comma).label("listed")] if listed else []
        return (
            sa.select(*(k.label(g) for k, g in zip(keys, group_by, strict=True)), sa.func.count(), *extra)
            .where(*clauses)
            .group_by(*keys)
            .order_by(*keys)
        )

    return Plan(Shape(tuple(shape), build), binder.params)
