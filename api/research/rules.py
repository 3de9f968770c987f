"""How figures are read, in words: the ``rules`` every research answer carries, and the
descriptions of the answers in both contracts (``api.research.types``). The rules
themselves are code in ``figures``, ``series`` and ``contributions``; their module
docstrings give the reasons and the examples."""

from __future__ import annotations

__all__ = ["CONTRIBUTION_RULES", "FIGURE_RULES", "SERIES_RULES"]

FIGURE_RULES = (
    "Latest replaces: for one subject (the mission, or one contributor), metric and unit, the "
    "report with the latest date on or before the day is the figure; earlier reports are not "
    "added to it. Reports on that date that disagree are all listed and the figure is their "
    "range (value null). A report marked `increment` is a tranche and adds to the latest full "
    "figure dated before it (a full figure counts the tranches of its own date); tranches of one "
    "date that disagree add as a range. Different units (CAD, USD) are never added or compared."
)

SERIES_RULES = (
    FIGURE_RULES + " A mission's figure on a date is its mission-wide reports' figure once there "
    "is one; before the first mission-wide report, the sum of the contributors' own figures "
    "(points with basis `contributors`)."
)

CONTRIBUTION_RULES = (
    FIGURE_RULES + " Gap = pledged minus delivered (deployed personnel, deposited money). A contributor "
    "with no delivery report of that metric in any unit counts as having delivered none; one whose "
    "delivery is reported only in another unit has no gap (not comparable). The mission's funding gap "
    "compares its latest cost estimate (per year) with the US dollars pledged and deposited to date."
)
