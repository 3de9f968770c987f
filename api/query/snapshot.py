"""A mission as it stood on one day: its status, the mandate in force and the days left
on it, and the latest figure of each metric, with every disagreeing report kept.

The figures follow ``api.query.figures``. Each metric's figure is the mission-wide one
(reports that name no contributor) when there is one; otherwise the sum of the
contributors' own figures (``basis: contributors``), which the ranges keep honest when a
contributor's reports disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from api.models.enums import Metric, MissionStatus
from api.query.figures import FIGURE_RULES, Figure, Range, figures_by_unit, mission_observations
from api.query.spec import Condition, ListQuery, SortKey
from api.query.store import Row, Store

__all__ = ["SNAPSHOT_METRICS", "mission_snapshot", "status_on"]

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


def _summed(metric: Metric, per_contributor: dict[str, list[Row]]) -> list[dict[str, Any]]:
    """One figure per unit: the sum of each contributor's own figure."""
    totals: dict[str, tuple[Range, str, list[Row]]] = {}
    for contributor in sorted(per_contributor):
        for fig in figures_by_unit(per_contributor[contributor]):
            rng, as_of, reports = totals.get(fig.unit, (Range(0.0, 0.0), "", []))
            totals[fig.unit] = (rng + fig.range, max(as_of, fig.as_of), [*reports, *fig.reports])
    return [
        {**Figure(metric.value, unit, as_of, rng, tuple(reports)).as_dict(), "basis": "contributors"}
        for unit, (rng, as_of, reports) in sorted(totals.items())
    ]


def mission_snapshot(store: Store, mission_id: str, day: dt.date) -> dict[str, Any]:
    mission = store.get("missions", (mission_id,))
    observations = mission_observations(store, mission_id, metrics=SNAPSHOT_METRICS, day=day)
    mission_wide: dict[str, list[Row]] = defaultdict(list)
    by_contributor: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for row in observations:
        if row["contributor"] is None:
            mission_wide[row["metric"]].append(row)
        else:
            by_contributor[row["metric"]][row["contributor"]].append(row)
    figures: list[dict[str, Any]] = []
    for metric in SNAPSHOT_METRICS:
        if mission_wide.get(metric.value):
            for fig in figures_by_unit(mission_wide[metric.value]):
                figures.append({**fig.as_dict(), "basis": "mission"})
        elif by_contributor.get(metric.value):
            figures.extend(_summed(metric, by_contributor[metric.value]))
    mandate = _mandate_in_force(store, mission_id, day)
    expires = mandate["expires_on"] if mandate else None
    return {
        "mission": mission_id,
        "as_of": day.isoformat(),
        "status": status_on(store, mission, day),
        "mandate": mandate,
        "days_to_expiry": (dt.date.fromisoformat(expires) - day).days if expires else None,
        "figures": figures,
        "rules": FIGURE_RULES,
    }
