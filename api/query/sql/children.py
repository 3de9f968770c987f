"""The statements that read a record's children for many records at once: its sources
(``expand=sources``), a resolution's votes (a mandate's are its resolution's), an
event's actors."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from api.errors import BadRequest
from api.models import CITATION_TABLES, EventActor, Mandate, Source, Vote
from api.query.resources import RESOURCES

__all__ = ["child_statement"]

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


def child_statement(relation: str, resource_name: str) -> tuple[sa.Select[Any], str]:
    """``relation`` of the records whose ids are bound as ``ids``, ordered by parent, and
    the name of the column that holds the parent's id."""
    ids: sa.BindParameter[Any] = sa.bindparam("ids", expanding=True)
    if relation == "sources":
        link = CITATION_TABLES[_SINGULAR[resource_name]]
        source_cols = [_source.c[f] for f in RESOURCES["sources"].field_names]
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
