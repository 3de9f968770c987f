"""Batched per-parent pages: the first page of a child list for many parents at once
(``events`` of 20 missions, 10 each) in one statement, not one per parent.

Each parent gets the same plan ``plan_page`` makes for a nested route (the parent fixed
by a scope condition, so filters, sort, NULL order and keyset logic are not written
twice); the per-parent ``SELECT ... WHERE mission = ? ORDER BY ... LIMIT n + 1`` are
joined with ``UNION ALL``. Each part uses the (parent, sort) index and stops after
``n + 1`` rows, where a ``row_number()`` window would rank every child of every parent.
Each part is wrapped as a subquery and tagged with its parent's position; the rows of
one part come back in that part's order (SQLite and PostgreSQL both append the parts
in turn and keep a subquery's order when nothing above it reorders).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.sql import visitors

from api.query.resources import RELEVANCE, RESOURCES
from api.query.spec import Condition, ListQuery
from api.query.sql.cursor import decode_cursor, row_cursor
from api.query.sql.keyset import effective_sort
from api.query.sql.plan import Plan, Shape, plan_count, plan_page, ranked
from api.query.store import Page, Store
from api.query.validate import validate

__all__ = ["batch_pages", "parent_query"]

# SQLite refuses a compound SELECT of more than 500 parts; stay well below it.
_CHUNK = 100


def parent_query(template: ListQuery, parent_field: str, parent_id: str) -> ListQuery:
    """The list query of one parent's children: ``template`` scoped to that parent."""
    return replace(template, scope=(Condition(parent_field, "eq", parent_id),))


def batch_pages(
    store: Store,
    template: ListQuery,
    parent_field: str,
    parent_ids: Sequence[str],
    *,
    with_count: bool = False,
) -> dict[str, Page]:
    """One page of ``template`` per parent, in ``ceil(len(parents) / 100)`` statements
    (twice that with counts). ``template.cursor`` applies to every parent, so it only
    makes sense with one parent; a cursor of another parent is a BadRequest."""
    validate(template)
    ids = list(dict.fromkeys(parent_ids))
    out: dict[str, Page] = {}
    for start in range(0, len(ids), _CHUNK):
        out.update(_chunk(store, template, parent_field, ids[start : start + _CHUNK], with_count))
    return out


def _chunk(
    store: Store, template: ListQuery, parent_field: str, ids: list[str], with_count: bool
) -> dict[str, Page]:
    resource = validate(template)
    queries = [parent_query(template, parent_field, pid) for pid in ids]
    fingerprints = [store.fingerprint(q) for q in queries]
    arity = len(effective_sort(resource, template.sort))
    plans = []
    for query, fp in zip(queries, fingerprints, strict=True):
        after = None
        if query.cursor is not None:
            after = decode_cursor(query.cursor, key=store.cursor_key(), query_fingerprint=fp, arity=arity)
        plans.append(plan_page(resource, query, sqlite=store.sqlite, fast=store.fast, after_values=after))
    extra = (RELEVANCE,) if ranked(template) else ()
    rows_by_part = _run_union(store, plans, resource.name, extra)
    counts: dict[int, int] = {}
    if with_count:
        count_plans = [plan_count(resource, q, sqlite=store.sqlite) for q in queries]
        counts = {int(i): int(n) for i, n in store.fetch_all(_union(count_plans, "count"))}
    out: dict[str, Page] = {}
    for index, (pid, fp) in enumerate(zip(ids, fingerprints, strict=True)):
        rows = rows_by_part.get(index, [])
        next_cursor = None
        if len(rows) > template.limit:
            rows = rows[: template.limit]
            next_cursor = row_cursor(
                resource, template, rows[-1], key=store.cursor_key(), query_fingerprint=fp
            )
        out[pid] = Page(
            rows=rows, count=counts.get(index, 0) if with_count else None, next_cursor=next_cursor
        )
    return out


def _run_union(
    store: Store, plans: list[Plan], resource_name: str, extra: tuple[str, ...]
) -> dict[int, list[dict[str, Any]]]:
    names = (*RESOURCES[resource_name].field_names, *extra)
    out: dict[int, list[dict[str, Any]]] = {}
    raw = store.fetch_all(_union(plans, "page"))
    # Each row: its part's index, then the fields and any trailing computed columns.
    rows = store.convert_rows(resource_name, [r[1:] for r in raw])
    for tagged, values in zip(raw, rows, strict=True):
        out.setdefault(int(tagged[0]), []).append(dict(zip(names, values, strict=True)))
    return out


def _union(plans: list[Plan], mode: str) -> Plan:
    """One plan whose statement is the ``UNION ALL`` of ``plans``, each part tagged with
    its index; bound parameters are renamed per part so that they cannot collide."""
    params: dict[str, Any] = {}
    renames: list[dict[str, str]] = []
    for index, plan in enumerate(plans):
        names = {name: f"b{index}_{name}" for name in plan.params}
        renames.append(names)
        params.update({names[k]: v for k, v in plan.params.items()})

    def build() -> sa.Select[Any]:
        parts = []
        for index, (plan, names) in enumerate(zip(plans, renames, strict=True)):
            stmt = _rename(plan.shape.build(), names)
            sub = stmt.subquery(f"s{index}")
            parts.append(sa.select(sa.literal_column(str(index)).label("part"), *sub.c))
        if len(parts) == 1:
            return parts[0]
        # Shape.build promises a Select; a compound select compiles the same way.
        return cast("sa.Select[Any]", sa.union_all(*parts))

    key = ("batch", mode, tuple(p.shape.key for p in plans))
    return Plan(Shape(key, build), params)


def _rename(stmt: sa.Select[Any], names: dict[str, str]) -> sa.Select[Any]:
    def replace_bind(element: Any) -> Any:
        if isinstance(element, sa.BindParameter) and element.key in names:
            return sa.bindparam(names[element.key], type_=element.type)
        return None

    renamed: Any = visitors.replacement_traverse(stmt, {}, replace_bind)  # type: ignore[call-overload]
    return cast("sa.Select[Any]", renamed)
