"""The SQL of the filters and as-of columns that are not a comparison on one column: a
mandate in force on a day, a mission's status on a day, a member's abstention, votes on
a mandate or on a kind of mission. ``api.query.resources`` names them in its declarations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from api.models import Mandate, Mission, Resolution, Vote
from api.models import enums as E
from api.query.resource import table_of

__all__ = [
    "abstainer",
    "in_force_on",
    "mission_status_on",
    "on_mandate",
    "on_mission_kind",
    "resolution_abstainer",
    "sql_literal",
]

_m, _md, _v, _r = (table_of(x) for x in (Mission, Mandate, Vote, Resolution))


def in_force_on(day: Any) -> sa.ColumnElement[bool]:
    """Started on or before the day, and: expiring on or after it (``expires_on`` is the
    last day in force: "until 15 October"); or, with no expiry known, not yet superseded
    by a later instrument on the same mission, not a termination, and its mission had
    not ended."""
    start = sa.func.coalesce(_md.c.effective_from, _md.c.adopted_on)
    later = _md.alias("later")
    later_start = sa.func.coalesce(later.c.effective_from, later.c.adopted_on)
    superseded = sa.exists().where(later.c.mission == _md.c.mission, later_start <= day, later_start > start)
    ended = sa.exists().where(_m.c.id == _md.c.mission, _m.c.end_date < day)
    terminates = _md.c.action == sql_literal(E.MandateAction.terminate)
    open_ended = sa.and_(_md.c.expires_on.is_(None), ~superseded, ~ended, ~terminates)
    return sa.and_(start <= day, sa.or_(_md.c.expires_on >= day, open_ended))


def sql_literal(value: str) -> sa.ColumnElement[Any]:
    return sa.literal_column(f"'{value}'")


def mission_status_on(day: Any) -> Mapping[str, sa.ColumnElement[Any]]:
    """A mission's status on ``day`` (missions listed as of a day have begun by then):
    after its end_date, its recorded end status (``completed`` or ``transformed``;
    ``completed`` when the record still says planned or active); up to and including its
    end_date, ``active``, unless the record says it is still ``planned``."""
    S = E.MissionStatus
    status = _m.c.status
    ended_as = sa.case(
        (status.in_([sql_literal(S.completed), sql_literal(S.transformed)]), status),
        else_=sql_literal(S.completed),
    )
    return {
        "status": sa.case(
            (sa.and_(_m.c.end_date.is_not(None), _m.c.end_date < day), ended_as),
            (status == sql_literal(S.planned), sql_literal(S.planned)),
            else_=sql_literal(S.active),
        )
    }


def abstainer(contributor: str) -> sa.ColumnElement[bool]:
    return sa.exists().where(
        _v.c.resolution == _md.c.resolution, _v.c.member == contributor, _v.c.vote == E.VoteChoice.abstain
    )


def resolution_abstainer(contributor: str) -> sa.ColumnElement[bool]:
    return sa.exists().where(
        _v.c.resolution == _r.c.id, _v.c.member == contributor, _v.c.vote == E.VoteChoice.abstain
    )


def on_mandate(mandate: Any) -> sa.ColumnElement[bool]:
    """Votes on the resolution that gave ``mandate``."""
    return sa.exists().where(_md.c.id == mandate, _md.c.resolution == _v.c.resolution)


def on_mission_kind(kind: Any) -> sa.ColumnElement[bool]:
    """Votes on a resolution that gave a mandate to a mission of ``kind``."""
    return sa.exists().where(_md.c.resolution == _v.c.resolution, _m.c.id == _md.c.mission, _m.c.kind == kind)
