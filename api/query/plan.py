"""Turns a ListQuery into SQL: WHERE clauses from the operator registry, as-of, search,
and the list's order and cursor (``api.query.keyset``).

Statements are built once per *shape* (which fields, operators, sort and flags; never
the values) and compiled once per engine; each request only binds its values. Planning
is two steps for that reason: the walk over the query names and binds the values and
records the shape, eagerly; the SQLAlchemy clauses (costly to construct, a dozen
microseconds a comparison) are closures over the bound parameters, called only when a
shape is first compiled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from api.query.binding import Binder, Plan, Shape
from api.query.fields import FieldDecl, FieldType, RelationFilter, SpecialFilter
from api.query.keyset import Clause, Columns, after, effective_sort, order_by
from api.query.operators import OPERATORS
from api.query.rendered import keys_in_record, rendered_line, sqlite_timestamp, uses_stored
from api.query.resources import RELEVANCE, Resource
from api.query.search import (
    matching,
    matching_documents,
    plan_match_estimate,
    rank,
    ranked,
    search_condition,
    search_terms,
)
from api.query.spec import Condition, ListQuery, SortKey
from api.query.stored_version import stored_version

# Plan, Shape, ranked and plan_match_estimate are re-exported: the store reads them here.
__all__ = [
    "Plan",
    "Shape",
    "effective_sort",
    "plan_get",
    "plan_groups",
    "plan_list",
    "plan_match_estimate",
    "ranked",
]


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


def plan_list(
    resource: Resource,
    query: ListQuery,
    *,
    sqlite: bool,
    mode: str,
    cursor_values: list[Any] | None = None,
    stream_limit: int | None = None,
    render: tuple[str, tuple[str, ...]] | None = None,
    probe: bool = False,
    with_version: bool = False,
    stored: bool = False,
) -> Plan:
    """``mode`` is ``page`` (sorted, keyset, limit + 1), ``count`` or ``stream`` (sorted,
    keyset, ``stream_limit`` rows at most when given). ``render`` (a format and fields)
    selects each row as one line of text built in SQL (``api.query.rendered``); a page's
    rows carry their sort keys after it, for the next cursor. ``stored``: the resource's
    rows carry their JSON objects (migration 0007), which a rendered line reads where it
    can (the rows as they stand: not as of a day).
    ``probe`` spells the search condition row by row (``search.search_condition``).
    ``with_version``: a count also selects the stored dataset version, read in the same
    statement, so the count is known to belong to that version."""
    binder = Binder(sqlite)
    shape: list[Any] = [resource.name, mode, with_version]
    counted = with_version and mode == "count"

    def count() -> sa.Select[Any]:
        version = [stored_version().scalar_subquery()] if counted else []
        return sa.select(sa.func.count(), *version)

    columns, day = _columns(resource, query, binder, with_rank=mode != "count")
    shape.append(day is not None)
    terms = search_terms(query.q or "")
    if mode == "count" and terms and day is None and not query.all_conditions:
        # A search alone: every matching document is a record, so count the documents
        # (without a lookup of each record).
        documents = matching(resource, terms, binder)
        shape.append("count-documents")
        return Plan(
            Shape(tuple(shape), lambda: count().select_from(documents().subquery())),
            binder.params,
        )
    keys = effective_sort(resource, query.sort)
    limit = query.limit + 1 if mode == "page" else stream_limit if mode == "stream" else None
    deferred = False
    if _orders_documents(resource, query, keys, sqlite=sqlite, mode=mode, probe=probe, day=day):
        where = [_document_keys(resource, terms, keys, cursor_values, limit, binder, shape)]
    else:
        where = _where(resource, query, binder, shape, day, probe and mode != "count")
        if mode != "count" and cursor_values is not None:
            where.append(after(resource, keys, cursor_values, binder, shape))
            shape.append("after")
        deferred = _defers(resource, query, sqlite=sqlite, mode=mode, probe=probe)
    shape.append(tuple(str(k) for k in keys))
    shape.append(limit)  # a literal in the SQL, so part of the shape
    shape.append(render)
    shape.append(deferred)
    table = resource.table
    stored_line = stored and day is None and render is not None and uses_stored(resource, *render)
    shape.append(stored_line)

    def build() -> sa.Select[Any]:
        cols = columns()
        clauses = [clause(cols) for clause in where]
        if mode == "count":
            return count().select_from(table).where(*clauses)
        if deferred:
            clauses = [_page_keys(resource, clauses, order_by(resource, cols, keys), limit)]
        if render is not None:
            fmt, fields = render
            keyed = (
                [_wire(resource.field(k.field), cols, sqlite) for k in keys]
                if mode == "page" and not keys_in_record(resource, fields, keys)
                else []
            )
            stored_column: sa.ColumnElement[Any] | None = None
            if stored_line:
                stored_column = sa.literal_column(f"{table.name}.record_json")
            line = sa.select(rendered_line(resource, fields, cols, fmt, stored_column), *keyed)
            line = (line.select_from(table) if stored_line else line).where(*clauses)
            line = line.order_by(*order_by(resource, cols, keys))
            return line.limit(limit) if limit is not None else line
        rank = [cols[RELEVANCE].label(RELEVANCE)] if mode == "page" and ranked(query) else []
        stmt = sa.select(*_selected(resource, cols, sqlite), *rank).where(*clauses)
        stmt = stmt.order_by(*order_by(resource, cols, keys))
        return stmt.limit(limit) if limit is not None else stmt

    return Plan(Shape(tuple(shape), build), binder.params)


def _defers(resource: Resource, query: ListQuery, *, sqlite: bool, mode: str, probe: bool) -> bool:
    """Whether a page's rows are read after its order is settled (``_page_keys``): on
    SQLite, for a search that reads every match (not the probe), not ranked (the rank is
    a column of the page), on a resource with a one-column key."""
    return (
        sqlite
        and mode == "page"
        and not probe
        and bool(search_terms(query.q or ""))
        and not ranked(query)
        and len(resource.key) == 1
    )


def _orders_documents(
    resource: Resource,
    query: ListQuery,
    keys: tuple[SortKey, ...],
    *,
    sqlite: bool,
    mode: str,
    probe: bool,
    day: Any,
) -> bool:
    """Whether a page's keys are read from the search documents (``_document_keys``): a
    page that would be deferred (``_defers``), of a search alone (no filter, no as-of),
    ordered by the resource's search sort (either way) and its key."""
    return (
        _defers(resource, query, sqlite=sqlite, mode=mode, probe=probe)
        and resource.search_sort is not None
        and day is None
        and not query.all_conditions
        and [k.field for k in keys] == [resource.search_sort, *resource.key]
    )


def _document_keys(
    resource: Resource,
    terms: list[str],
    keys: tuple[SortKey, ...],
    cursor_values: list[Any] | None,
    limit: int | None,
    binder: Binder,
    shape: list[Any],
) -> Clause:
    """``key IN (the page's keys, ordered and limited on the matching documents)``: a
    document carries its record's id and search-sort value (``search_document.sort_key``,
    migration 0006), and SQLite reads both with the document's rowid from one index
    (``ix_search_document_sort``): a match costs one index lookup, with no lookup of its
    record, and only the page's rows are read in full. The cursor's predicate and the
    order are the list's own (``api.query.keyset``), spelled on the documents' columns."""
    documents = matching_documents(resource, terms, binder)
    shape.append("document-keys")
    past = None
    if cursor_values is not None:
        past = after(resource, keys, cursor_values, binder, shape)
        shape.append("after")
    key, sort_field = resource.key[0], resource.search_sort
    assert sort_field is not None  # _orders_documents checked

    def clause(_cols: Columns) -> sa.ColumnElement[bool]:
        page, doc = documents()
        cols: Columns = {sort_field: doc.c.sort_key, key: doc.c.record_id}
        if past is not None:
            page = page.where(past(cols))
        page = page.order_by(*order_by(resource, cols, keys)).limit(limit)
        return resource.table.c[key].in_(page)

    return clause


def _page_keys(
    resource: Resource, clauses: list[Any], order: list[sa.ColumnElement[Any]], limit: int | None
) -> sa.ColumnElement[bool]:
    """``key IN (the page's keys, selected, ordered and limited)``: SQLite sorts a
    search's matches on what an index holds (event: ``ix_event_id_date``, migration 0005)
    and reads only the page's rows in full, instead of sorting every matching row."""
    key = resource.table.c[resource.key[0]]
    page = sa.select(key).where(*clauses).order_by(*order).limit(limit)
    return key.in_(page.correlate(None))


def plan_get(resource: Resource, key: tuple[Any, ...], *, sqlite: bool) -> Plan:
    binder = Binder(sqlite)
    params = [binder.bind(v) for v in key]

    def build() -> sa.Select[Any]:
        cols: Columns = {f.name: f.column for f in resource.fields}
        clauses = [resource.table.c[k] == p for k, p in zip(resource.key, params, strict=True)]
        return sa.select(*_selected(resource, cols, sqlite)).where(*clauses)

    return Plan(Shape((resource.name, "get"), build), binder.params)


def _selected(resource: Resource, cols: Columns, sqlite: bool) -> list[sa.ColumnElement[Any]]:
    """The fields a record is read with, in declaration order. On SQLite the database
    writes timestamps' wire text itself (``rendered.sqlite_timestamp``)."""
    return [_wire(f, cols, sqlite) for f in resource.fields]


def _wire(f: FieldDecl, cols: Columns, sqlite: bool) -> sa.ColumnElement[Any]:
    col = cols[f.name]
    if sqlite and f.type is FieldType.timestamp:
        col = sqlite_timestamp(col)
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
