"""A mission as it stood on one day: its status, the mandate in force and the days left
on it (or, when none is in force, a note that says why: none recorded yet, or the last
one and the day it ran out), and the latest figure of each metric, with every
disagreeing report kept.

The figures follow ``api.research.figures``. Each metric's figure is the mission-wide one
(reports that name no contributor) when there is one; otherwise the sum of the
contributors' own figures (``basis: contributors``), which the ranges keep honest when a
contributor's reports disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from api.models.enums import MandateAction, Metric, MissionStatus
from api.query.spec import Condition, ListQuery, SortKey
from api.query.store import Row, Store
from api.research import types as T
from api.research.figures import mission_figures, mission_observations
from api.research.rules import FIGURE_RULES
from api.research.shapes import wire

__all__ = ["SNAPSHOT_METRICS", "mandate_note", "mission_snapshot", "status_on"]

SNAPSHOT_METRICS = (
    Metric.personnel_planned,
    Metric.personnel_authorized,
    Metric.personnel_pledged,
    Metric.personnel_deployed,
    Metric.funding_pledged,
    Metric.funding_deposited,
    Metric.funding_spent,
    Metric.cost_estimate,
)


def status_on(store: Store, mission: Row, day: dt.date) -> str:
    """The mission's status on ``day``: ``planned`` before it began, otherwise the
    as-of status the missions list gives (one rule, in the resource declaration)."""
    query = ListQuery(resource="missions", conditions=(Condition("id", "eq", mission["id"]),), as_of=day)
    rows = store.list(query, with_count=False).rows
    return str(rows[0]["status"]) if rows else MissionStatus.planned.value


def _mandate_in_force(store: Store, mission: str, day: dt.date) -> Row | None:
    """The latest mandate in force on ``day`` (the ``in_force_on`` filter's rule)."""
    query = ListQuery(
        resource="mandates",
        conditions=(Condition("mission", "eq", mission), Condition("in_force_on", "eq", day)),
        sort=(SortKey("adopted_on", descending=True),),
        limit=1,
        expand=("sources",),
    )
    rows = store.list(query, with_count=False).rows
    return rows[0] if rows else None


def _latest_adopted(store: Store, mission: str, day: dt.date) -> Row | None:
    """The mission's mandate adopted last on or before ``day``."""
    query = ListQuery(
        resource="mandates",
        conditions=(Condition("mission", "eq", mission),),
        as_of=day,
        sort=(SortKey("adopted_on", descending=True),),
        limit=1,
    )
    rows = store.list(query, with_count=False).rows
    return rows[0] if rows else None


def mandate_note(store: Store, mission: Row, day: dt.date) -> str:
    """Why no mandate is in force on ``day``: none recorded yet, the last one not yet in
    effect, expired (``expires_on`` is its last day in force), or ended with the mission."""
    last = _latest_adopted(store, mission["id"], day)
    if last is None:
        return f"No mandate of this mission is recorded on or before {day.isoformat()}."
    symbol = last["symbol"]
    start = last["effective_from"] or last["adopted_on"]
    if start > day.isoformat():
        return f"No mandate in force yet: {symbol}, adopted on {last['adopted_on']}, takes effect on {start}."
    if last["expires_on"] is not None and last["expires_on"] < day.isoformat():
        return (
            f"No mandate in force: the last one recorded, {symbol}, was in force until "
            f"{last['expires_on']} (its last day)."
        )
    if last["action"] == MandateAction.terminate.value:
        return f"No mandate in force: the last one recorded, {symbol}, terminated the mission."
    if mission["end_date"] is not None and mission["end_date"] < day.isoformat():
        return (
            f"No mandate in force: the mission ended on {mission['end_date']}; the last mandate "
            f"recorded is {symbol}."
        )
    return f"No mandate in force; the last one recorded is {symbol}."


def mission_snapshot(store: Store, mission_id: str, day: dt.date) -> Row:
    """The mission's snapshot on ``day`` (``api.research.types.Snapshot``)."""
    mission = store.get("missions", (mission_id,))
    observations = mission_observations(store, mission_id, metrics=SNAPSHOT_METRICS, day=day)
    by_metric: dict[str, list[Row]] = defaultdict(list)
    for row in observations:
        by_metric[row["metric"]].append(row)
    figures = [f for m in SNAPSHOT_METRICS for f in mission_figures(m.value, by_metric.get(m.value, []))]
    mandate = _mandate_in_force(store, mission_id, day)
    expires = mandate["expires_on"] if mandate else None
    snapshot = T.Snapshot(
        mission=mission_id,
        as_of=day.isoformat(),
        status=status_on(store, mission, day),
        mandate=mandate,
        mandate_note=None if mandate is not None else mandate_note(store, mission, day),
        days_to_expiry=(dt.date.fromisoformat(expires) - day).days if expires else None,
        figures=figures,
        rules=FIGURE_RULES,
    )
    return wire(snapshot)
