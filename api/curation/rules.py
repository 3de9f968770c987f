"""The dataset's citation rules that span records, checked on a whole seed folder
(``peaceops seed --check`` and every load):

- a figure is only what a source states: an observation's note that says its value was
  derived, computed, calculated or inferred is refused;
- a mission is ``active`` only while a mandate is in force: on the dataset's date (the
  latest publication date of its sources), the mission has not ended, and the mandate
  that began last on or before that day runs through it (``expires_on`` is its last day).

Rules about one record alone (a source is one document, with a URL that is not a home
page, or a UN symbol) live in its schema (``api.curation.records``), so the API's writes keep
them too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from api.curation.records import MandateIn
from api.curation.references import Failure
from api.models.enums import MandateAction, MissionStatus

if TYPE_CHECKING:
    from api.curation.seed import SeedData

__all__ = ["check_curation_rules", "dataset_date", "mandate_in_force"]

_COMPUTED = re.compile(r"\b(deriv|comput|calculat|inferr?)\w*", re.IGNORECASE)


def check_curation_rules(data: SeedData, *, fail: Failure) -> None:
    for o in data.observations:
        if o.note and (found := _COMPUTED.search(o.note)):
            raise fail(
                "observations",
                o.id,
                "note",
                f"says the value was {found.group(0)!r}: record only the figures a source states "
                "(an increment where it says 'on top of'), never a computed one",
            )
    day = dataset_date(data)
    if day is None:
        return
    by_mission: dict[str, list[MandateIn]] = defaultdict(list)
    for md in data.mandates:
        by_mission[md.mission].append(md)
    for m in data.missions:
        if m.status != MissionStatus.active:
            continue
        if m.end_date is not None and m.end_date < day:
            raise fail(
                "missions",
                m.id,
                "status",
                f"is active, but the mission ended on {m.end_date}, before the dataset's date {day}",
            )
        current = mandate_in_force(by_mission.get(m.id, []), day)
        if current is None:
            mandates = by_mission.get(m.id, [])
            last = max(mandates, key=_start, default=None)
            said = (
                "it has no mandate"
                if last is None
                else f"its last mandate, {last.id}, "
                + (
                    "terminated it"
                    if last.action == MandateAction.terminate
                    else f"expired on {last.expires_on}"
                )
            )
            raise fail(
                "missions",
                m.id,
                "status",
                f"is active, but no mandate is in force on {day} (the dataset's latest source date): "
                f"{said}; record the renewal with its source, or the status that is known",
            )


def dataset_date(data: SeedData) -> dt.date | None:
    """The dataset's date: the latest publication date of any of its sources."""
    return max((s.published_on for s in data.sources if s.published_on is not None), default=None)


def _start(md: MandateIn) -> dt.date:
    return md.effective_from or md.adopted_on


def mandate_in_force(mandates: list[MandateIn], day: dt.date) -> MandateIn | None:
    """The mandate in force on ``day`` (the ``in_force_on`` filter's rule): the one that
    began last on or before it, through its ``expires_on`` (the last day in force); with
    no expiry, unless it terminates the mission."""
    started = [md for md in mandates if _start(md) <= day]
    if not started:
        return None
    current = max(started, key=lambda md: (_start(md), md.adopted_on))
    if current.expires_on is not None:
        return current if current.expires_on >= day else None
    return None if current.action == MandateAction.terminate else current
