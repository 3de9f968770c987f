"""A metric of a mission over time, ready to plot: every dated report with its sources,
the level the figure rules give on each report's date, and reference lines (mandate
ceilings and planned or authorized strength for personnel; the cost estimate for money).

The subject is the whole mission (reports that name no contributor) or, with
``contributor``, one contributor.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from api.models.enums import Metric
from api.query.spec import Condition, ListQuery
from api.query.store import Row, Store
from api.research.figures import FIGURE_RULES, figures_by_unit, mission_observations

__all__ = ["SERIES_CSV_COLUMNS", "mission_series"]

_PERSONNEL_REFERENCES = (Metric.personnel_planned, Metric.personnel_authorized)
_CEILINGS = ("ceiling_total", "ceiling_military", "ceiling_police", "ceiling_civilian")
SERIES_CSV_COLUMNS = (
    "date",
    "value",
    "unit",
    "level_value",
    "level_low",
    "level_high",
    "confidence",
    "increment",
    "observation",
    "sources",
)


def _reference_metrics(metric: Metric) -> tuple[Metric, ...]:
    if metric.value.startswith("personnel_"):
        return tuple(m for m in _PERSONNEL_REFERENCES if m is not metric)
    if metric.value.startswith("funding_"):
        return (Metric.cost_estimate,)
    return ()


def _points(reports: list[Row]) -> list[Row]:
    """Each report, with the level (the figure by the rules) on its date, in its unit."""
    points = []
    for report in reports:
        upto = [r for r in reports if r["as_of"] <= report["as_of"] and r["unit"] == report["unit"]]
        [level] = figures_by_unit(upto)
        points.append(
            {
                "date": report["as_of"],
                "value": report["value"],
                "unit": report["unit"],
                "level": level.range.as_dict(level.unit),
                "confidence": report["confidence"],
                "increment": report["increment"],
                "note": report["note"],
                "observation": report["id"],
                "sources": report["sources"],
            }
        )
    return points


def _ceiling_lines(store: Store, mission: str, day: dt.date | None) -> list[Row]:
    query = ListQuery(
        resource="mandates",
        conditions=(Condition("mission", "eq", mission),),
        as_of=day,
        limit=500,
        expand=("sources",),
    )
    lines = []
    for mandate in store.list(query, with_count=False).rows:
        for name in _CEILINGS:
            if mandate[name] is not None:
                lines.append(
                    {
                        "kind": name,
                        "value": float(mandate[name]),
                        "unit": "persons",
                        "valid_from": mandate["effective_from"] or mandate["adopted_on"],
                        "valid_to": mandate["expires_on"],
                        "mandate": mandate["id"],
                        "observation": None,
                        "sources": mandate["sources"],
                    }
                )
    return lines


def mission_series(
    store: Store, mission_id: str, metric: Metric, *, contributor: str | None, day: dt.date | None
) -> dict[str, Any]:
    store.get("missions", (mission_id,))  # NotFound when there is no such mission
    if contributor is not None:
        store.get("contributors", (contributor,))
    references = _reference_metrics(metric)
    rows = mission_observations(store, mission_id, metrics=(metric, *references), day=day)
    reports = [r for r in rows if r["metric"] == metric.value and r["contributor"] == contributor]
    lines = _ceiling_lines(store, mission_id, day) if metric.value.startswith("personnel_") else []
    lines += [
        {
            "kind": r["metric"],
            "value": r["value"],
            "unit": r["unit"],
            "valid_from": r["as_of"],
            "valid_to": None,
            "mandate": None,
            "observation": r["id"],
            "sources": r["sources"],
        }
        for r in rows
        if r["metric"] != metric.value and r["contributor"] is None
    ]
    return {
        "mission": mission_id,
        "metric": metric.value,
        "contributor": contributor,
        "as_of": day.isoformat() if day else None,
        "points": _points(reports),
        "reference_lines": sorted(lines, key=lambda line: (line["valid_from"], line["kind"])),
        "rules": FIGURE_RULES,
    }
