"""The research answers, declared once: figure and gap, snapshot, contributions, series
with its points and reference lines, and the dataset's meta with its licences and
citation.

Each answer is a frozen dataclass whose fields carry their descriptions, in the words of
``api.research.shapes``. The research functions build them and hand the faces plain
dicts (``shapes.wire``); the faces generate their contracts from the same declarations:
the Strawberry types (``api.graphql.research.research_types``) and the OpenAPI component
schemas (``api.rest.openapi.research_schemas``).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Literal

from api.query.resources import RESOURCES
from api.research.rules import CONTRIBUTION_RULES, FIGURE_RULES, SERIES_RULES
from api.research.shapes import (
    ConfidenceValue,
    Count,
    Day,
    MandateRecord,
    MetricValue,
    ObservationRecord,
    Quantity,
    RecordId,
    SourceRecord,
    StatusValue,
    UnitValue,
    answer,
    doc,
)

__all__ = [
    "RESULT_TYPES",
    "Basis",
    "Citation",
    "Comparison",
    "Contributions",
    "ContributorGap",
    "Counts",
    "DatasetMeta",
    "Figure",
    "Gap",
    "License",
    "Licenses",
    "MissionFunding",
    "ReferenceLine",
    "Series",
    "SeriesPoint",
    "Snapshot",
]

Basis = Literal["mission", "contributors"]


# -- figures ---------------------------------------------------------------------------


@answer()
class Gap:
    """A figure as a range: pledged minus delivered, or a level of a series (value null when
    low and high differ)."""

    value: Quantity | None = doc("Null when low and high differ.")
    low: Quantity
    high: Quantity
    unit: UnitValue


@answer("What the reports say a metric was.", FIGURE_RULES)
class Figure:
    metric: MetricValue
    value: Quantity | None = doc("The figure; null when the reports disagree.")
    low: Quantity
    high: Quantity
    unit: UnitValue
    as_of: Day = doc("The date of the latest report used.")
    agreed: bool = doc("Whether the reports agree (low equals high).")
    basis: Basis | None = doc(
        "For a mission's figure: `mission` (mission-wide reports) or `contributors` (the sum "
        "of each contributor's own figure, when no mission-wide report exists); null for one "
        "contributor's figure."
    )
    reports: list[ObservationRecord] = doc("Every report the figure rests on, each with its sources.")


# -- snapshot --------------------------------------------------------------------------


@answer()
class Snapshot:
    """A mission as it stood on one day."""

    mission: RecordId
    as_of: Day
    status: StatusValue = doc("The mission's status on that day (planned before it began).")
    mandate: MandateRecord | None = doc("The latest mandate in force on that day.")
    mandate_note: str | None = doc(
        "Null when a mandate is in force; otherwise why none is: none recorded yet, or the "
        "last one and the day it ran out (a mandate's expiry date is its last day in force)."
    )
    days_to_expiry: int | None = doc("Days from that day until the mandate in force expires.")
    figures: list[Figure]
    rules: str = doc("How figures are read from the reports.")


# -- contributions ---------------------------------------------------------------------


@answer()
class Comparison:
    """A pledge against its delivery, in one unit."""

    unit: UnitValue
    delivered_metric: MetricValue
    pledged: Figure | None
    delivered: Figure | None
    gap: Gap | None
    note: str | None = doc("Why there is no gap, or how it was read.")


@answer()
class ContributorGap:
    """One contributor's pledges against what it delivered."""

    contributor: RecordId
    personnel: list[Comparison] = doc("Personnel pledged vs deployed.")
    funding: list[Comparison] = doc("Money pledged vs deposited, per unit.")


@answer()
class MissionFunding:
    """The mission's money against its cost estimate."""

    cost_estimate: Figure | None
    pledged: Figure | None
    deposited: Figure | None
    gap_pledged: Gap | None
    gap_deposited: Gap | None
    note: str


@answer("Contributions and gaps of a mission on a day.", CONTRIBUTION_RULES)
class Contributions:
    mission: RecordId
    as_of: Day
    contributors: list[ContributorGap]
    funding: MissionFunding
    rules: str


# -- series ----------------------------------------------------------------------------


@answer()
class SeriesPoint:
    """One point of a series: a report with the level the rules give on its date, or (basis
    `contributors`) the sum of the contributors' own figures on a date before the mission's
    first mission-wide report."""

    date: Day
    value: Quantity | None = doc(
        "The report's value; for a sum, the sum (null when it is a range: see level)."
    )
    unit: UnitValue
    level: Gap = doc("The figure on that date (tranches added, ranges kept).")
    basis: Basis | None = doc(
        "`mission`: a mission-wide report; `contributors`: the sum of the contributors' own "
        "figures, on a date before the mission's first mission-wide report; null: a point of "
        "one contributor's series."
    )
    confidence: ConfidenceValue
    increment: bool
    note: str | None
    observation: RecordId | None = doc("The report; null for a sum.")
    observations: list[RecordId] = doc("Every report the point rests on.")
    sources: list[SourceRecord]


@answer()
class ReferenceLine:
    """A reference value, once, over the interval in which it held: a mandate ceiling, a
    planned or authorized strength, a cost estimate."""

    kind: str = doc(
        "ceiling_total, ceiling_military, ceiling_police, ceiling_civilian, or the metric of the "
        "reports that give it (personnel_planned, personnel_authorized, cost_estimate)."
    )
    value: Quantity | None = doc("Null when the reports of a date disagree (see low and high).")
    low: Quantity
    high: Quantity
    unit: UnitValue
    valid_from: Day
    valid_to: Day | None = doc(
        "Its last day: the day before a later record changes it, or the end of the mission's "
        "last mandate; null while nothing later changes it."
    )
    mandate: RecordId | None = doc("The instrument that set it (ceilings).")
    observation: RecordId | None = doc("The first report that gave it (other lines).")
    mandates: list[RecordId] = doc("Every instrument that set or restated it.")
    observations: list[RecordId] = doc("Every report that gave it.")
    sources: list[SourceRecord]


@answer("A metric of a mission (or of one contributor) over time.", SERIES_RULES)
class Series:
    mission: RecordId
    metric: MetricValue
    contributor: RecordId | None
    as_of: Day | None
    points: list[SeriesPoint]
    reference_lines: list[ReferenceLine]
    rules: str


# -- the dataset -----------------------------------------------------------------------


@answer()
class License:
    """A licence, as a Data Package names it."""

    name: str
    title: str
    path: str


@answer()
class Licenses:
    """The licences: data CC BY 4.0, code MIT."""

    data: License
    code: License


@answer()
class Citation:
    """How to cite the dataset: its year (that of its latest source), the version that
    answered and the URL it is served at."""

    text: str
    bibtex: str = doc("One @misc entry.")
    csl_json: list[dict[str, Any]] = doc("A CSL-JSON document: an array of one dataset item.")


if TYPE_CHECKING:

    class Counts:
        """Records per resource: one field per resource, named as it is."""

        def __init__(self, **counts: int) -> None: ...

else:
    Counts = dataclasses.make_dataclass("Counts", [(name, Count) for name in RESOURCES], frozen=True)
    Counts.__doc__ = "Records per resource."


@answer()
class DatasetMeta:
    """The dataset: its version, record counts, licences and citation (REST `/v1/meta`, GraphQL
    `meta`)."""

    dataset_version: str = doc("A content hash of the data, changing exactly when the data does.")
    counts: Counts
    licenses: Licenses
    citation: Citation


RESULT_TYPES: tuple[type, ...] = (
    Gap,
    Figure,
    Snapshot,
    Comparison,
    ContributorGap,
    MissionFunding,
    Contributions,
    SeriesPoint,
    ReferenceLine,
    Series,
    License,
    Licenses,
    Citation,
    Counts,
    DatasetMeta,
)
