"""Checks a ListQuery against its resource's declaration, so that both faces refuse the
same things with the same words (and the planner can trust what it gets)."""

from __future__ import annotations

from api.errors import BadRequest, FieldProblem
from api.query.operators import OPERATORS
from api.query.resources import RELEVANCE, RESOURCES, Resource
from api.query.spec import MAX_LIMIT, ListQuery

__all__ = ["validate"]


def validate(query: ListQuery) -> Resource:
    """The query's resource, once the query is found sound (checked once per query object:
    ``ListQuery.derived``); BadRequest with every problem otherwise."""
    return query.derived("resource", _checked)


def _checked(query: ListQuery) -> Resource:
    resource = RESOURCES.get(query.resource)
    if resource is None:
        raise BadRequest.field("resource", f"unknown resource {query.resource!r}", tuple(RESOURCES))
    problems: list[FieldProblem] = []
    filterable = resource.filterable
    for cond in query.all_conditions:
        decl = filterable.get(cond.field)
        if decl is None:
            problems.append(
                FieldProblem(cond.field, "is not a filter of " + resource.name, tuple(filterable))
            )
        elif cond.op not in decl.operators:
            problems.append(
                FieldProblem(
                    f"{cond.field}__{cond.op}",
                    f"operator {cond.op!r} is not allowed on {cond.field}",
                    decl.operators,
                )
            )
        elif cond.op in OPERATORS and OPERATORS[cond.op].takes_list and not cond.value:
            problems.append(FieldProblem(f"{cond.field}__{cond.op}", "needs at least one value"))
    sortable = resource.sortable
    for key in query.sort:
        if key.field not in sortable:
            problems.append(FieldProblem("sort", f"cannot sort by {key.field!r}", sortable))
        elif key.field == RELEVANCE and query.q is None:
            problems.append(
                FieldProblem(
                    "sort",
                    "relevance ranks the matches of a search: give q (the words to search for)",
                    tuple(f for f in sortable if f != RELEVANCE),
                )
            )
    for relation in query.expand:
        if relation not in resource.expansions:
            problems.append(
                FieldProblem(
                    "expand", f"{relation!r} cannot be expanded on {resource.name}", resource.expansions
                )
            )
    if query.fields is not None:
        for name in query.fields:
            if name not in resource.field_names:
                problems.append(
                    FieldProblem(
                        "fields", f"{name!r} is not a field of {resource.name}", resource.field_names
                    )
                )
    if not 1 <= query.limit <= min(MAX_LIMIT, resource.max_limit):
        problems.append(FieldProblem("limit", f"must be between 1 and {resource.max_limit}"))
    if query.q is not None and not resource.searchable:
        problems.append(FieldProblem("q", f"{resource.name} cannot be searched"))
    if problems:
        detail = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise BadRequest(detail, errors=problems)
    return resource
