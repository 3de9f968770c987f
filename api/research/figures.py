"""Figures: what the observations of one mission say a metric was on a day.

Observations are sourced reports, not a ledger, so reading "the" figure of a metric is a
rule, written once here and used by the snapshot, the contributions and the series:

- **Latest replaces.** Among the reports of one subject (the whole mission, or one
  contributor), metric and unit dated on or before the day, the latest date wins; earlier
  reports are not added to it.
- **Disagreement is kept.** Several reports on that latest date with different values
  are alternatives, not parts: the figure is then a range (``low`` to ``high``), its
  ``value`` is null, and every report is listed with its sources.
- **Tranches add.** A report marked ``increment`` (a tranche "on top of" the earlier
  figure, such as Canada's CAD 5.7 million of June 2024 or El Salvador's 60 more officers
  of February 2025) adds to the latest full figure dated before it instead of replacing
  it. A full figure counts the tranches of its own date: a total stated on the day of an
  arrival is the total after it (Haitify's 400 Kenyans on 16 July 2024, after the second
  contingent of 200), so the tranche is not added to it again. Tranches of one date that
  disagree are reports of the same arrival, not parts: they add as a range (the fourth
  Kenyan contingent of 6 February 2025 was 144, 140 or 200).
- **Units never mix.** Figures are per unit; CAD and USD are never added or subtracted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from api.models import Observation
from api.models.enums import Metric
from api.query.lent import refuse_on_lent
from api.query.numbers import as_written
from api.query.store import Row, Store
from api.research import types as T

__all__ = [
    "Figure",
    "Range",
    "figure",
    "figures_by_unit",
    "mission_figures",
    "mission_observations",
]

_o = Observation.__table__  # type: ignore[attr-defined]
_COLUMNS = (
    *("id", "mission", "contributor", "metric", "value", "unit"),
    *("as_of", "confidence", "note", "increment"),
)


@dataclass(frozen=True)
class Range:
    """A number known to lie between ``low`` and ``high`` (equal when it is certain)."""

    low: float
    high: float

    @property
    def value(self) -> float | None:
        return self.low if self.low == self.high else None

    def __add__(self, other: Range) -> Range:
        return Range(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Range) -> Range:
        return Range(self.low - other.high, self.high - other.low)

    def gap(self, unit: str) -> T.Gap:
        """The range in ``unit``, as written (``api.query.numbers``): 400, not 400.0."""
        value = self.value
        return T.Gap(
            value=None if value is None else as_written(value),
            low=as_written(self.low),
            high=as_written(self.high),
            unit=unit,
        )


@dataclass(frozen=True)
class Figure:
    metric: str
    unit: str
    as_of: str
    range: Range
    reports: tuple[Row, ...]

    def answer(self, basis: T.Basis | None = None) -> T.Figure:
        """The figure as answered; ``basis`` for a mission's figure (mission-wide or a sum)."""
        level = self.range.gap(self.unit)
        return T.Figure(
            metric=self.metric,
            value=level.value,
            low=level.low,
            high=level.high,
            unit=level.unit,
            as_of=self.as_of,
            agreed=self.range.value is not None,
            basis=basis,
            reports=list(self.reports),
        )


def mission_observations(
    store: Store, mission: str, *, metrics: Iterable[Metric], day: dt.date | None
) -> list[Row]:
    """Every observation of ``mission`` of those metrics dated on or before ``day``, oldest
    first, each with its ``sources`` (two statements)."""
    metric_values = [m.value for m in metrics]
    stmt = (
        sa.select(*(_o.c[c] for c in _COLUMNS))
        .where(_o.c.mission == sa.bindparam("mission"), _o.c.metric.in_(metric_values))
        .order_by(_o.c.as_of, _o.c.id)
    )
    params: dict[str, Any] = {"mission": mission}
    if day is not None:
        stmt = stmt.where(_o.c.as_of <= sa.bindparam("day", type_=sa.Date))
        params["day"] = day
    refuse_on_lent("observations")  # read on a pooled connection
    with store.engine.connect() as conn:
        rows = [
            {c: _wire(v) for c, v in zip(_COLUMNS, raw, strict=True)} for raw in conn.execute(stmt, params)
        ]
    sources = store.children("sources", "observations", [r["id"] for r in rows])
    for row in rows:
        row["increment"] = bool(row["increment"])
        row["sources"] = sources.get(row["id"], [])
    return rows


def _wire(value: Any) -> Any:
    value = getattr(value, "value", value)
    return value.isoformat() if isinstance(value, dt.date) else as_written(value)


def figure(reports: Sequence[Row]) -> Figure | None:
    """The figure that ``reports`` (one subject, metric and unit) give, by the rules above."""
    if not reports:
        return None
    full = [r for r in reports if not r["increment"]]
    base_day = max((r["as_of"] for r in full), default=None)
    base = [r for r in full if r["as_of"] == base_day]
    # A full figure counts the tranches of its own date; later ones add, date by date.
    tranches = [r for r in reports if r["increment"] and (base_day is None or r["as_of"] > base_day)]
    values = [float(r["value"]) for r in base]
    total = Range(min(values), max(values)) if values else Range(0.0, 0.0)
    by_day: dict[str, list[float]] = defaultdict(list)
    for tranche in tranches:
        by_day[tranche["as_of"]].append(float(tranche["value"]))
    for day in sorted(by_day):
        total = total + Range(min(by_day[day]), max(by_day[day]))  # one arrival, however reported
    used = sorted((*base, *tranches), key=lambda r: (r["as_of"], r["id"]))
    first = used[0]
    return Figure(
        metric=first["metric"],
        unit=first["unit"],
        as_of=max(r["as_of"] for r in used),
        range=total,
        reports=tuple(used),
    )


def figures_by_unit(reports: Iterable[Row]) -> list[Figure]:
    """One figure per unit of ``reports`` (one subject and metric), in unit order."""
    by_unit: dict[str, list[Row]] = defaultdict(list)
    for report in reports:
        by_unit[report["unit"]].append(report)
    return [f for unit in sorted(by_unit) if (f := figure(by_unit[unit])) is not None]


def _summed(metric: str, rows: Iterable[Row]) -> list[T.Figure]:
    """One figure per unit: the sum of each contributor's own figure."""
    per_contributor: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        per_contributor[row["contributor"]].append(row)
    totals: dict[str, tuple[Range, str, list[Row]]] = {}
    for contributor in sorted(per_contributor):
        for fig in figures_by_unit(per_contributor[contributor]):
            rng, as_of, reports = totals.get(fig.unit, (Range(0.0, 0.0), "", []))
            totals[fig.unit] = (rng + fig.range, max(as_of, fig.as_of), [*reports, *fig.reports])
    return [
        Figure(metric, unit, as_of, rng, tuple(reports)).answer("contributors")
        for unit, (rng, as_of, reports) in sorted(totals.items())
    ]


def mission_figures(metric: str, rows: Sequence[Row]) -> list[T.Figure]:
    """The mission's figures of one metric, one per unit: from its mission-wide reports
    (``basis: mission``) when it has any, otherwise the sum of its contributors' own
    figures (``basis: contributors``)."""
    mission_wide = [r for r in rows if r["contributor"] is None]
    if mission_wide:
        return [f.answer("mission") for f in figures_by_unit(mission_wide)]
    return _summed(metric, rows)
