"""``group_by``: counts of the rows a list query selects, per combination of values of
some fields (``group_by=member,vote`` on votes), each group with the values of the
resource's listed field (the mandates a member abstained on).

Groups are never truncated: there are at most as many as rows.
"""

from __future__ import annotations

from typing import Any

from api.errors import BadRequest, FieldProblem
from api.query.resources import Resource
from api.query.spec import ListQuery
from api.query.sql.plan import plan_groups
from api.query.store import Row, Store
from api.query.validate import validate

__all__ = ["group_list_name", "group_rows", "validate_group_by"]


def validate_group_by(resource: Resource, group_by: tuple[str, ...]) -> tuple[str, ...]:
    """The group fields, each once, in the order given (none: one group of every row); a
    BadRequest naming the allowed fields otherwise."""
    if not resource.groupable:
        raise BadRequest.field("group_by", f"{resource.name} cannot be grouped")
    fields = tuple(dict.fromkeys(group_by))
    bad = [f for f in fields if f not in resource.groupable]
    if bad:
        problem = FieldProblem(
            "group_by",
            f"cannot group {resource.name} by {', '.join(map(repr, bad))}",
            resource.groupable,
        )
        raise BadRequest(f"group_by: {problem.message}", errors=[problem])
    return fields


def group_list_name(resource: Resource) -> str:
    """The name under which a group lists its values of ``resource.group_lists``
    (``resolutions``)."""
    assert resource.group_lists is not None
    return resource.field(resource.group_lists).references or resource.group_lists + "s"


def group_rows(store: Store, query: ListQuery, group_by: tuple[str, ...]) -> list[Row]:
    """One row per group: the group fields, ``count``, and the sorted distinct values of
    the listed field under its plural name (``mandates``)."""
    resource = validate(query)
    fields = validate_group_by(resource, group_by)
    raw = store.fetch_all(plan_groups(resource, query, fields, sqlite=store.sqlite))
    out: list[Row] = []
    for values in raw:
        row: dict[str, Any] = dict(zip(fields, values[: len(fields)], strict=True))
        row["count"] = int(values[len(fields)])
        if resource.group_lists is not None:
            listed = values[len(fields) + 1] or ""
            row[group_list_name(resource)] = sorted(set(listed.split(","))) if listed else []
        out.append(row)
    return out
