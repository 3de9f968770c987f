"""Who refers to a record: a delete is refused while any record still names it (a
mission its successor, a contributor a vote, a source a citation, ...)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from api.errors import Conflict, FieldProblem
from api.models import CITATION_TABLES, CouncilSeat, EventActor, Mandate, Resolution, Vote
from api.query.resources import RESOURCES

__all__ = ["refuse_referenced"]

_seat = CouncilSeat.__table__  # type: ignore[attr-defined]

_VOTE = Vote.__table__  # type: ignore[attr-defined]
_ACTOR = EventActor.__table__  # type: ignore[attr-defined]
_MANDATE = Mandate.__table__  # type: ignore[attr-defined]
_RESOLUTION = Resolution.__table__  # type: ignore[attr-defined]

# (resource deleted) -> [(referring table, column, referring resource)]
_INBOUND: dict[str, list[tuple[sa.Table, str, str]]] = {
    "missions": [
        (RESOURCES["missions"].table, "predecessor", "missions"),
        (RESOURCES["missions"].table, "successor", "missions"),
        (_MANDATE, "mission", "mandates"),
        (RESOURCES["observations"].table, "mission", "observations"),
        (RESOURCES["events"].table, "mission", "events"),
    ],
    "contributors": [
        (RESOURCES["missions"].table, "lead", "missions"),
        (RESOURCES["observations"].table, "contributor", "observations"),
        (_VOTE, "member", "votes"),
        (_ACTOR, "contributor", "events"),
        (_seat, "member", "council"),
    ],
    "resolutions": [(_MANDATE, "resolution", "mandates")],
    "mandates": [(RESOURCES["events"].table, "mandate", "events")],
    "sources": [
        *((link, "source_id", table) for table, link in CITATION_TABLES.items()),
        (_seat, "source", "council"),
    ],
    "observations": [],
    "events": [],
}


def refuse_referenced(conn: Connection, resource: str, record_id: str) -> None:
    """409 naming (up to ten of) the records that still refer to this one."""
    found: list[str] = []
    for table, column, referrer in _INBOUND[resource]:
        key = table.c["record_id"] if "record_id" in table.c else table.c[table.primary_key.columns.keys()[0]]
        rows = conn.execute(sa.select(key).where(table.c[column] == record_id).limit(5)).scalars()
        found += [f"{referrer}/{value}" for value in rows]
    if resource == "contributors":
        penholding = conn.execute(sa.select(_RESOLUTION.c.id, _RESOLUTION.c.penholders)).all()
        found += [f"resolutions/{row.id}" for row in penholding if record_id in (row.penholders or [])]
    if found:
        raise Conflict(
            f"{len(found)} or more records still refer to it: " + ", ".join(sorted(found)[:10]),
            errors=[FieldProblem("id", "is still referred to", tuple(sorted(found)[:10]))],
        )
