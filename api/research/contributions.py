"""Contributions and gaps: per contributor, the latest pledged versus deployed personnel
and pledged versus deposited money; and the mission's funding against its cost estimate.

The figures follow ``api.research.figures`` (latest replaces, tranches add, disagreement is
a range, units never mix). On top of them:

- **Gap** = pledged - delivered (deployed, deposited), as a range when either side is one.
- **Nothing recorded counts as none.** A contributor with a pledge and no deployment (or
  deposit) report of that metric in any unit has delivered nothing as far as the sources
  say (Benin: 2,000 pledged, none deployed): the gap is the whole pledge, and the note
  says so. When the other side is reported only in another unit (Canada pledged CAD and
  deposited USD), there is no gap: the amounts are not comparable and the note says why.
- **The mission's funding gap** compares its latest cost estimate (per year) with the
  money pledged and deposited to date, in US dollars; other currencies are left out and
  named in the note.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from api.models.enums import Metric, Unit
from api.query.store import Row, Store
from api.research import types as T
from api.research.figures import Range, figures_by_unit, mission_figures, mission_observations
from api.research.rules import CONTRIBUTION_RULES
from api.research.shapes import wire

__all__ = ["mission_contributions"]

_PAIRS = {
    "personnel": (Metric.personnel_pledged, Metric.personnel_deployed),
    "funding": (Metric.funding_pledged, Metric.funding_deposited),
}


def _range(fig: T.Figure) -> Range:
    return Range(fig.low, fig.high)


def _comparisons(pledged_rows: list[Row], delivered_rows: list[Row], delivered: Metric) -> list[T.Comparison]:
    """One comparison per unit in which either side is reported."""
    pledged = {f.unit: f for f in figures_by_unit(pledged_rows)}
    done = {f.unit: f for f in figures_by_unit(delivered_rows)}
    out: list[T.Comparison] = []
    for unit in sorted(pledged.keys() | done.keys()):
        p, d = pledged.get(unit), done.get(unit)
        gap: Range | None = None
        note: str | None = None
        if p is not None and d is not None:
            gap = p.range - d.range
        elif p is not None and not done:
            gap = p.range
            note = f"no {delivered.value} report: counted as none delivered"
        elif p is not None:
            note = f"{delivered.value} is reported in {', '.join(sorted(done))}, not {unit}: not comparable"
        elif not pledged:
            note = "no pledge reported"
        else:
            note = f"the pledge is reported in {', '.join(sorted(pledged))}, not {unit}: not comparable"
        out.append(
            T.Comparison(
                unit=unit,
                delivered_metric=delivered.value,
                pledged=p.answer() if p else None,
                delivered=d.answer() if d else None,
                gap=gap.gap(unit) if gap else None,
                note=note,
            )
        )
    return out


def _mission_funding(by_metric: dict[str, list[Row]]) -> T.MissionFunding:
    def usd(metric: Metric, unit: Unit = Unit.usd) -> T.Figure | None:
        found = [f for f in mission_figures(metric.value, by_metric.get(metric.value, [])) if f.unit == unit]
        return found[0] if found else None

    cost = usd(Metric.cost_estimate, Unit.usd_per_year)
    pledged, deposited = usd(Metric.funding_pledged), usd(Metric.funding_deposited)
    other = sorted(
        {
            r["unit"]
            for m in _PAIRS["funding"]
            for r in by_metric.get(m.value, [])
            if r["unit"] != Unit.usd.value
        }
    )
    note = "The cost estimate is per year; the gaps compare it with the US dollars pledged and "
    note += "deposited to date."
    if other:
        note += f" Money reported in {', '.join(other)} is not converted and is left out."
    return T.MissionFunding(
        cost_estimate=cost,
        pledged=pledged,
        deposited=deposited,
        gap_pledged=(_range(cost) - _range(pledged)).gap("usd") if cost and pledged else None,
        gap_deposited=(_range(cost) - _range(deposited)).gap("usd") if cost and deposited else None,
        note=note,
    )


def mission_contributions(store: Store, mission_id: str, day: dt.date) -> Row:
    """The mission's contributions and gaps on ``day`` (``api.research.types.Contributions``)."""
    store.get("missions", (mission_id,))  # NotFound when there is no such mission
    metrics = [*_PAIRS["personnel"], *_PAIRS["funding"], Metric.cost_estimate]
    rows = mission_observations(store, mission_id, metrics=metrics, day=day)
    by_metric: dict[str, list[Row]] = defaultdict(list)
    per_contributor: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_metric[row["metric"]].append(row)
        if row["contributor"] is not None:
            per_contributor[row["contributor"]][row["metric"]].append(row)
    contributors = []
    for contributor in sorted(per_contributor):
        reports = per_contributor[contributor]
        pairs = {
            name: _comparisons(reports.get(pledge.value, []), reports.get(delivered.value, []), delivered)
            for name, (pledge, delivered) in _PAIRS.items()
        }
        contributors.append(
            T.ContributorGap(contributor, personnel=pairs["personnel"], funding=pairs["funding"])
        )
    contributions = T.Contributions(
        mission=mission_id,
        as_of=day.isoformat(),
        contributors=contributors,
        funding=_mission_funding(by_metric),
        rules=CONTRIBUTION_RULES,
    )
    return wire(contributions)
