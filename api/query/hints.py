"""Hints where a filter value names nothing: ``mission=mss-hati`` answers an empty list,
as it should, and says why, naming the ids it may have meant.

A filter on a reference field (a ``FieldDecl`` of type ``ref`` with ``references``, or a
``RelationFilter`` or ``SpecialFilter`` that names the resource its values point at:
``mission``, ``contributor``, ``member``, ``actor``, ``mandate``, ``resolution``,
``abstainer``...) takes ids. A value that is the id of no record is not an error (the
answer is right: nothing matches), but it is almost always a typing error, so the answer
carries a warning: the filter, the value, and up to three ids of that resource closest
to it by edit distance. REST puts the warnings in ``meta.warnings``, GraphQL in the
response's ``extensions.warnings``; both take them from ``filter_warnings``.

Whether an id exists is read once per dataset version, value and resource (kept in a
bounded cache): a listing polled with the same filters costs a dictionary lookup.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from api.query.fields import FieldDecl, FieldType
from api.query.kept import Kept
from api.query.resources import RESOURCES
from api.query.spec import Condition, ListQuery, SortKey
from api.query.store import Row, Store
from api.query.validate import validate

__all__ = ["MAX_SUGGESTIONS", "close_ids", "edit_distance", "filter_warnings", "reference_target"]

MAX_SUGGESTIONS = 3
_CHECKED_OPS = ("eq", "in", "not")
_MAX_IDS_READ = 20_000  # suggestions look among this many ids at most (in id order)
_KNOWN: Kept[bool] = Kept(16384)  # (dataset version, resource, id) -> a record has that id


def reference_target(resource_name: str, filter_name: str) -> str | None:
    """The resource whose ids the filter's values are, or None (not a reference filter)."""
    decl = RESOURCES[resource_name].filterable[filter_name]
    if isinstance(decl, FieldDecl):
        return decl.references if decl.type is FieldType.ref else None
    return decl.references


def filter_warnings(store: Store, query: ListQuery) -> list[Row]:
    """One warning per value of the query's reference filters that is no record's id (the
    fixed scope of a nested route is checked by its route: a 404)."""
    validate(query)
    checks = list(_references(query))
    if not checks:
        return []
    version = store.dataset_version()
    warnings: list[Row] = []
    for cond, target, value in checks:
        if _KNOWN.get((version, target, value), functools.partial(_exists, store, target, value)):
            continue
        singular = RESOURCES[target].singular
        warnings.append(
            {
                "field": cond.field,
                "value": value,
                "message": f"no {singular} has the id {value!r}, so this filter matches nothing"
                if cond.op != "not"
                else f"no {singular} has the id {value!r}, so this filter excludes nothing",
                "suggestions": close_ids(value, _ids(store, target)),
            }
        )
    return warnings


def _references(query: ListQuery) -> Iterator[tuple[Condition, str, str]]:
    for cond in query.conditions:
        if cond.op not in _CHECKED_OPS:
            continue
        target = reference_target(query.resource, cond.field)
        if target is None:
            continue
        values = cond.value if isinstance(cond.value, tuple) else (cond.value,)
        for value in dict.fromkeys(values):
            yield cond, target, str(value)


def _exists(store: Store, target: str, value: str) -> bool:
    query = ListQuery(resource=target, conditions=(Condition("id", "eq", value),), limit=1)
    return bool(store.list(query, with_count=False).rows)


def _ids(store: Store, target: str) -> list[str]:
    """The resource's ids, in id order (``_MAX_IDS_READ`` at most): read when a value is
    unknown, which is rare."""
    query = ListQuery(resource=target, sort=(SortKey("id"),), fields=("id",))
    names, batches = store.stream_tuples(query, limit=_MAX_IDS_READ)
    at = names.index("id")
    return [str(row[at]) for batch in batches for row in batch]


def close_ids(value: str, ids: list[str], limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Up to ``limit`` of ``ids`` nearest ``value`` by edit distance (a transposition counts
    one edit), nearest first, then in id order. Close means within a third of the value's
    length (at least 2 edits); after those, ids that begin with a value of three letters
    or more (``russian`` for ``russian-federation``)."""
    bound = max(2, len(value) // 3)
    scored = []
    for candidate in ids:
        distance = bound + 1
        if abs(len(candidate) - len(value)) <= bound:
            distance = edit_distance(value, candidate, bound)
        if distance <= bound:
            scored.append((distance, candidate))
        elif len(value) >= 3 and candidate.startswith(value):
            scored.append((bound + 1, candidate))
    return [candidate for _, candidate in sorted(scored)[:limit]]


def edit_distance(a: str, b: str, bound: int | None = None) -> int:
    """The optimal string alignment distance (insertions, deletions, substitutions and
    transpositions of neighbours); past ``bound`` it returns ``bound + 1`` early."""
    previous: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        before, previous, row = previous, row, [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, before[j - 2] + 1)
            row[j] = best
        if bound is not None and min(row) > bound:
            return bound + 1
    return row[-1]
