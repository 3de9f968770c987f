"""The reference lines of a series: values a plot draws across the points, each once,
over the interval in which it held.

- **Ceilings** come from the mission's mandates. A ceiling holds from the start of the
  instrument that sets it (``effective_from``, else ``adopted_on``) until the day before
  the next instrument of the mission sets that ceiling to another value; an instrument
  that restates the same value (a renewal) continues the line, and one that sets no
  ceiling leaves it standing. The last value holds until the last instrument of the
  mission runs out (its ``expires_on``, the last day in force; open-ended: the mission's
  end date, or no end).
- **Planned and authorized strength, cost estimates** come from the mission-wide
  observations, read by the figure rules (``api.research.figures``) on each report's date:
  a line runs from the report that gives a value until the day before the report that
  changes it (the latest report replaces), and reports that repeat the value continue
  it. Two reports of planned strength of 2,500 are one line, with both sources; a cost
  estimate of $600M, then $240M, then $600M again are three lines.

Each line names every record that states it (``mandates``, ``observations``; the first
also as ``mandate`` or ``observation``) and their sources, in order, once each.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from api.query.store import Row
from api.research import types as T
from api.research.figures import Range, figure

__all__ = ["CEILINGS", "ceiling_lines", "observation_lines"]

CEILINGS = ("ceiling_total", "ceiling_military", "ceiling_police", "ceiling_civilian")


@dataclass
class _Run:
    """One line while it is being read: a value, from a day, stated by these records."""

    kind: str
    unit: str
    value: Range
    valid_from: str
    mandates: list[str] = field(default_factory=list)
    observations: list[str] = field(default_factory=list)
    sources: dict[str, Row] = field(default_factory=dict)

    def cite(self, record: Row, *, mandate: bool) -> None:
        (self.mandates if mandate else self.observations).append(record["id"])
        for source in record.get("sources", []):
            self.sources.setdefault(source["id"], source)

    def line(self, valid_to: str | None) -> T.ReferenceLine:
        level = self.value.gap(self.unit)
        return T.ReferenceLine(
            kind=self.kind,
            value=level.value,
            low=level.low,
            high=level.high,
            unit=level.unit,
            valid_from=self.valid_from,
            valid_to=valid_to,
            mandate=self.mandates[0] if self.mandates else None,
            observation=self.observations[0] if self.observations else None,
            mandates=self.mandates,
            observations=self.observations,
            sources=list(self.sources.values()),
        )


def _day_before(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


def _start(mandate: Row) -> str:
    return str(mandate["effective_from"] or mandate["adopted_on"])


def ceiling_lines(mandates: Sequence[Row], mission_end: str | None) -> list[T.ReferenceLine]:
    """The ceiling lines of one mission's mandates (rows with their ``sources``)."""
    ordered = sorted(mandates, key=lambda m: (_start(m), m["adopted_on"], m["id"]))
    lines: list[T.ReferenceLine] = []
    for kind in CEILINGS:
        run: _Run | None = None
        for mandate in ordered:
            value = mandate[kind]
            if value is None:
                continue
            if run is not None and run.value == Range(float(value), float(value)):
                run.cite(mandate, mandate=True)
                continue
            if run is not None:
                lines.append(run.line(_day_before(_start(mandate))))
            run = _Run(kind, "persons", Range(float(value), float(value)), _start(mandate))
            run.cite(mandate, mandate=True)
        if run is not None:
            lines.append(run.line(_chain_end(ordered, run.valid_from, mission_end)))
    return lines


def _chain_end(ordered: Sequence[Row], since: str, mission_end: str | None) -> str | None:
    """The last day in force of the mission's last instrument from ``since`` on: its
    expiry, or (open-ended) the mission's end date."""
    later = [m for m in ordered if _start(m) >= since]
    last = later[-1] if later else None
    if last is not None and last["expires_on"] is not None:
        return str(last["expires_on"])
    return mission_end


def observation_lines(reports: Sequence[Row]) -> list[T.ReferenceLine]:
    """The lines of mission-wide reports (planned, authorized, cost estimate): one run
    per value, per metric and unit, in date order."""
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for report in reports:
        groups[(report["metric"], report["unit"])].append(report)
    lines: list[T.ReferenceLine] = []
    for (kind, unit), group in sorted(groups.items()):
        group.sort(key=lambda r: (r["as_of"], r["id"]))
        run: _Run | None = None
        for day in sorted({r["as_of"] for r in group}):
            known = [r for r in group if r["as_of"] <= day]
            found = figure(known)
            assert found is not None  # ``known`` holds the reports of ``day`` at least
            dated = [r for r in group if r["as_of"] == day]
            if run is None or run.value != found.range:
                if run is not None:
                    lines.append(run.line(_day_before(day)))
                run = _Run(kind, unit, found.range, day)
            for report in dated:
                run.cite(report, mandate=False)
        if run is not None:
            lines.append(run.line(None))
    return lines
