"""The statements that read a record's children for many records at once: its sources
(``expand=sources``), a resolution's votes (a mandate's are its resolution's), an
event's actors."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, cast

import sqlalchemy as sa

from api.errors import BadRequest
from api.models import CITATION_TABLES, EventActor, Mandate, Source, Vote
from api.query.fields import FieldDecl, FieldType
from api.query.resource import Resource
from api.query.resources import RESOURCES
from api.query.sql.binding import Plan, Shape
from api.query.sql.sqlite_paths import sqlite_timestamp

__all__ = ["IN_CHUNK", "child_plan", "child_statement", "in_list_params", "records_plan"]

IN_CHUNK = 512  # ids bound per statement (SQLite allows 32,766 variables)

_source = Source.__table__  # type: ignore[attr-defined]
_vote = Vote.__table__  # type: ignore[attr-defined]
_mandate = Mandate.__table__  # type: ignore[attr-defined]
_actor = EventActor.__table__  # type: ignore[attr-defined]
_SINGULAR = {
    "missions": "mission",
    "mandates": "mandate",
    "resolutions": "resolution",
    "contributors": "contributor",
    "observations": "observation",
    "events": "event",
}


def in_list_params(ids: Sequence[str]) -> tuple[int, dict[str, Any]]:
    """At most ``IN_CHUNK`` distinct ids as the parameters ``i0, i1, ...`` of an ``IN`` list
    whose length is the next power of two (the last id repeated): a few statement shapes
    serve every batch size."""
    unique = list(dict.fromkeys(ids))
    size = 1
    while size < len(unique):
        size *= 2
    padded = unique + [unique[-1]] * (size - len(unique))
    return size, {f"i{k}": value for k, value in enumerate(padded)}


def in_list(size: int) -> list[sa.BindParameter[Any]]:
    return [sa.bindparam(f"i{k}") for k in range(size)]


def child_plan(
    relation: str, resource_name: str, ids: Sequence[str], *, sqlite: bool
) -> tuple[Plan, tuple[str, ...], str]:
    """``child_statement`` for these ids (at most ``IN_CHUNK``) as a plan the Store runs on
    a DBAPI cursor; the names of its columns; the one that holds the parent's id."""
    size, params = in_list_params(ids)
    names, parent = _columns(relation, resource_name)

    def build() -> sa.Select[Any]:
        return child_statement(relation, resource_name, in_list(size), sqlite=sqlite)[0]

    return Plan(Shape(("children", relation, resource_name, size, sqlite), build), params), names, parent


def records_plan(resource: Resource, ids: Sequence[str], *, sqlite: bool) -> Plan:
    """A resource's records by id (at most ``IN_CHUNK`` ids): every field, in order."""
    size, params = in_list_params(ids)

    def build() -> sa.Select[Any]:
        columns = [spelled(f, f.column, sqlite) for f in resource.fields]
        return sa.select(*columns).where(resource.table.c.id.in_(in_list(size)))

    return Plan(Shape(("records", resource.name, size, sqlite), build), params)


def spelled(field: FieldDecl, column: Any, sqlite: bool) -> sa.ColumnElement[Any]:
    """A column as the wire has it where the database spells it (SQLite's timestamps, as
    the page statements do; the Store's converter does the rest)."""
    if sqlite and field.type is FieldType.timestamp:
        return sqlite_timestamp(column).label(field.name)
    return cast("sa.ColumnElement[Any]", column)


@functools.lru_cache(maxsize=64)
def _columns(relation: str, resource_name: str) -> tuple[tuple[str, ...], str]:
    stmt, parent = child_statement(relation, resource_name)
    return tuple(stmt.selected_columns.keys()), parent


def child_statement(
    relation: str, resource_name: str, ids: Any = None, *, sqlite: bool = False
) -> tuple[sa.Select[Any], str]:
    """``relation`` of the records whose ids are bound as ``ids`` (an expanding parameter
    by default, or a list of parameters), ordered by parent, and the name of the column
    that holds the parent's id."""
    if ids is None:
        ids = sa.bindparam("ids", expanding=True)
    if relation == "sources":
        link = CITATION_TABLES[_SINGULAR[resource_name]]
        source_cols = [spelled(f, _source.c[f.name], sqlite) for f in RESOURCES["sources"].fields]
        stmt = (
            sa.select(link.c.record_id.label("parent"), *source_cols)
            .join(_source, _source.c.id == link.c.source_id)
            .where(link.c.record_id.in_(ids))
            .order_by(link.c.record_id, link.c.position)
        )
        return stmt, "parent"
    if relation == "votes" and resource_name == "mandates":
        return (
            sa.select(_mandate.c.id.label("parent"), _vote.c.resolution, _vote.c.member, _vote.c.vote)
            .join(_vote, _vote.c.resolution == _mandate.c.resolution)
            .where(_mandate.c.id.in_(ids))
            .order_by(_mandate.c.id, _vote.c.member),
            "parent",
        )
    if relation == "votes":
        return (
            sa.select(_vote.c.resolution, _vote.c.member, _vote.c.vote)
            .where(_vote.c.resolution.in_(ids))
            .order_by(_vote.c.resolution, _vote.c.member),
            "resolution",
        )
    if relation == "actors":
        return (
            sa.select(_actor.c.event, _actor.c.contributor, _actor.c.role, _actor.c.stance)
            .where(_actor.c.event.in_(ids))
            .order_by(_actor.c.event, _actor.c.contributor),
            "event",
        )
    raise BadRequest.field("expand", f"{relation!r} cannot be expanded")
