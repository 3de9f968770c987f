"""A metric of a mission over time, ready to plot: the mission's figure on every date a
report moves it, with the reports it rests on and their sources, and reference lines
(mandate ceilings and planned or authorized strength for personnel; the cost estimate
for money; ``api.research.reference_lines``).

The subject is the whole mission, or with ``contributor`` one contributor.

**The whole mission.** Its figure on a day is the snapshot's (``figures.mission_figures``,
so a series and a snapshot never disagree on a date): its mission-wide reports once
there are any, and before the first of them the sum of the contributors' own figures
(each read by the figure rules: the latest replaces, tranches add, disagreement is a
range). So the points are:

- each mission-wide report, with the mission's level on its date (``basis: mission``);
- each date before the first mission-wide report on which a contributor reports, with
  the sum as its value (null when it is a range) and every report summed
  (``basis: contributors``): Kenya's first contingent of 25 June 2024 opens the MSS
  deployment series, three months before the first mission-wide count.

Once mission-wide reports exist a contributor's report does not move the mission's
figure: the contributors that happen to report then make a partial count (on 3 January
2025 their own latest figures add up to 732, two days after a mission-wide count of 807).

**One contributor.** Each of its reports, with its level on that date (``basis`` null).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from api.models.enums import Confidence, Metric
from api.query.numbers import as_written
from api.query.spec import Condition, ListQuery
from api.query.store import Row, Store
from api.research import types as T
from api.research.figures import figures_by_unit, mission_figures, mission_observations
from api.research.reference_lines import ceiling_lines, observation_lines
from api.research.rules import SERIES_RULES
from api.research.shapes import wire

__all__ = ["SERIES_CSV_COLUMNS", "mission_series", "series_csv_rows"]

_PERSONNEL_REFERENCES = (Metric.personnel_planned, Metric.personnel_authorized)
# From the weakest: a sum is only as sure as the least sure report in it.
_CONFIDENCE = (Confidence.disputed.value, Confidence.reported.value, Confidence.confirmed.value)
SERIES_CSV_COLUMNS = (
    "kind",
    "date",
    "valid_to",
    "value",
    "unit",
    "level_value",
    "level_low",
    "level_high",
    "basis",
    "confidence",
    "increment",
    "observations",
    "mandates",
    "sources",
)


def _reference_metrics(metric: Metric) -> tuple[Metric, ...]:
    if metric.value.startswith("personnel_"):
        return tuple(m for m in _PERSONNEL_REFERENCES if m is not metric)
    if metric.value.startswith("funding_"):
        return (Metric.cost_estimate,)
    return ()


def _report_point(report: Row, level: T.Gap, basis: T.Basis | None) -> T.SeriesPoint:
    return T.SeriesPoint(
        date=report["as_of"],
        value=report["value"],
        unit=report["unit"],
        level=level,
        basis=basis,
        confidence=report["confidence"],
        increment=report["increment"],
        note=report["note"],
        observation=report["id"],
        observations=[report["id"]],
        sources=report["sources"],
    )


def _level(fig: T.Figure) -> T.Gap:
    return T.Gap(value=fig.value, low=fig.low, high=fig.high, unit=fig.unit)


def _sum_point(day: str, fig: T.Figure) -> T.SeriesPoint:
    reports = fig.reports
    shares = []
    for contributor in sorted({r["contributor"] for r in reports}):
        [own] = figures_by_unit([r for r in reports if r["contributor"] == contributor])
        low, high = as_written(own.range.low), as_written(own.range.high)
        shares.append(f"{contributor} {low}" if low == high else f"{contributor} {low} to {high}")
    sources: dict[str, Row] = {}
    for report in reports:
        for source in report["sources"]:
            sources.setdefault(source["id"], source)
    return T.SeriesPoint(
        date=day,
        value=fig.value,
        unit=fig.unit,
        level=_level(fig),
        basis="contributors",
        confidence=min((r["confidence"] for r in reports), key=_CONFIDENCE.index),
        increment=False,
        note="No mission-wide report yet: the sum of the contributors' own figures ("
        + "; ".join(shares)
        + ").",
        observation=None,
        observations=[r["id"] for r in reports],
        sources=list(sources.values()),
    )


def _mission_points(metric: str, reports: list[Row]) -> list[T.SeriesPoint]:
    """The mission's points (see the module): ``reports`` are every report of the metric,
    mission-wide and per contributor, oldest first."""
    points: list[T.SeriesPoint] = []
    for day in sorted({r["as_of"] for r in reports}):
        known = [r for r in reports if r["as_of"] <= day]
        for fig in mission_figures(metric, known):
            dated = [r for r in known if r["as_of"] == day and r["unit"] == fig.unit]
            if fig.basis == "contributors":
                if dated:  # the sum moved on that date
                    points.append(_sum_point(day, fig))
                continue
            level = _level(fig)
            points += [_report_point(r, level, "mission") for r in dated if r["contributor"] is None]
    return points


def _contributor_points(reports: list[Row]) -> list[T.SeriesPoint]:
    points = []
    for report in reports:
        known = [r for r in reports if r["as_of"] <= report["as_of"] and r["unit"] == report["unit"]]
        [level] = figures_by_unit(known)
        points.append(_report_point(report, level.range.gap(level.unit), None))
    return points


def _ceilings(store: Store, mission: Row, day: dt.date | None) -> list[T.ReferenceLine]:
    query = ListQuery(
        resource="mandates",
        conditions=(Condition("mission", "eq", mission["id"]),),
        as_of=day,
        limit=500,
        expand=("sources",),
    )
    return ceiling_lines(store.list(query, with_count=False).rows, mission["end_date"])


def mission_series(
    store: Store, mission_id: str, metric: Metric, *, contributor: str | None, day: dt.date | None
) -> Row:
    """The series (``api.research.types.Series``); ``series_csv_rows`` makes it a table."""
    mission = store.get("missions", (mission_id,))  # NotFound when there is no such mission
    if contributor is not None:
        store.get("contributors", (contributor,))
    references = _reference_metrics(metric)
    rows = mission_observations(store, mission_id, metrics=(metric, *references), day=day)
    own = [r for r in rows if r["metric"] == metric.value]
    if contributor is None:
        points = _mission_points(metric.value, own)
    else:
        points = _contributor_points([r for r in own if r["contributor"] == contributor])
    lines = _ceilings(store, mission, day) if metric.value.startswith("personnel_") else []
    lines += observation_lines([r for r in rows if r["metric"] != metric.value and r["contributor"] is None])
    series = T.Series(
        mission=mission_id,
        metric=metric.value,
        contributor=contributor,
        as_of=day.isoformat() if day else None,
        points=points,
        reference_lines=sorted(lines, key=lambda line: (line.valid_from, line.kind)),
        rules=SERIES_RULES,
    )
    return wire(series)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def series_csv_rows(series: dict[str, Any]) -> list[list[Any]]:
    """The series as one table (``SERIES_CSV_COLUMNS``): the points (``kind`` point), then
    the reference lines (``kind`` the line's kind), each line once, from ``date`` to
    ``valid_to``. The ``level_*`` columns are what a plot draws for both."""
    rows: list[list[Any]] = []
    for p in series["points"]:
        level = p["level"]
        rows.append(
            [
                "point",
                p["date"],
                None,
                p["value"],
                p["unit"],
                level["value"],
                level["low"],
                level["high"],
                p["basis"],
                p["confidence"],
                p["increment"],
                ";".join(p["observations"]),
                "",
                ";".join(s["id"] for s in p["sources"]),
            ]
        )
    for line in series["reference_lines"]:
        rows.append(
            [
                line["kind"],
                line["valid_from"],
                line["valid_to"],
                line["value"],
                line["unit"],
                line["value"],
                line["low"],
                line["high"],
                None,
                None,
                None,
                ";".join(line["observations"]),
                ";".join(line["mandates"]),
                ";".join(s["id"] for s in line["sources"]),
            ]
        )
    return [[_cell(v) for v in row] for row in rows]
