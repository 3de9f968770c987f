"""The research fields of the schema: ``mission.snapshot``, ``mission.series``,
``mission.contributions``, ``voteGroups`` and ``meta``. Each resolver calls the same
query-layer function as its REST operation and returns its dicts, which the schema's
default resolver reads field by field (snake_case keys, camelCase fields)."""

import datetime as dt
from enum import Enum
from typing import Annotated, Any

import orjson
import strawberry

from api.errors import BadRequest
from api.graphql.context import Context, Row
from api.graphql.inputs import filter_input, to_conditions
from api.graphql.scalars import Date, Quantity, graphql_enum
from api.models import enums as E
from api.query.operators import parse_text
from api.query.resources import RESOURCES
from api.query.spec import ListQuery
from api.research.citation import source_bibtex, source_csl_json
from api.research.contributions import mission_contributions
from api.research.groups import group_rows
from api.research.meta import dataset_meta
from api.research.series import mission_series
from api.research.snapshot import mission_snapshot
from api.service.public_url import public_base

__all__ = ["add_mission_fields", "add_source_fields", "research_types", "root_fields"]

Info = strawberry.Info[Context, None]
_Metric = graphql_enum(E.Metric)
_Unit = graphql_enum(E.Unit)
_Status = graphql_enum(E.MissionStatus)
_Confidence = graphql_enum(E.Confidence)


def _text(value: str, where: str) -> str:
    try:
        return parse_text(value)
    except ValueError as exc:
        raise BadRequest.field(where, str(exc)) from None


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def research_types(nodes: dict[str, type]) -> dict[str, Any]:
    """Builds the research object types over the record types in ``nodes``."""
    observation_node: Any = nodes["observations"]
    mandate_node: Any = nodes["mandates"]

    @strawberry.type(description="What the reports say a metric was, by the figure rules.")
    class Figure:
        metric: _Metric  # type: ignore[valid-type]
        value: Quantity | None = strawberry.field(description="The figure; null when reports disagree.")
        low: Quantity
        high: Quantity
        unit: _Unit  # type: ignore[valid-type]
        as_of: Date = strawberry.field(description="The date of the latest report used.")
        agreed: bool = strawberry.field(description="Whether the reports agree (low equals high).")
        basis: str | None = strawberry.field(
            description="For a mission's figure, `mission` (mission-wide reports) or `contributors` "
            "(the sum of each contributor's own figure); null for one contributor's figure."
        )
        reports: list[observation_node] = strawberry.field(
            description="Every report the figure rests on, each with its sources."
        )

    @strawberry.type(description="A mission as it stood on one day.")
    class Snapshot:
        mission: strawberry.ID = strawberry.field(name="missionId")
        as_of: Date
        status: _Status = strawberry.field(  # type: ignore[valid-type]
            description="The mission's status on that day (planned before it began)."
        )
        mandate: mandate_node | None = strawberry.field(
            description="The latest mandate in force on that day."
        )
        mandate_note: str | None = strawberry.field(
            description="When no mandate is in force, why: none recorded yet, or the last one "
            "and the day it ran out (its last day in force)."
        )
        days_to_expiry: int | None = strawberry.field(
            description="Days from that day until the mandate in force expires."
        )
        figures: list[Figure]
        rules: str = strawberry.field(description="How figures are read from the reports.")

    @strawberry.type(description="pledged minus delivered, as a range when either side is one.")
    class Gap:
        value: Quantity | None
        low: Quantity
        high: Quantity
        unit: _Unit  # type: ignore[valid-type]

    @strawberry.type(description="A pledge against its delivery, in one unit.")
    class Comparison:
        unit: _Unit  # type: ignore[valid-type]
        delivered_metric: _Metric  # type: ignore[valid-type]
        pledged: Figure | None
        delivered: Figure | None
        gap: Gap | None
        note: str | None = strawberry.field(description="Why there is no gap, or how it was read.")

    @strawberry.type(description="One contributor's pledges against what it delivered.")
    class ContributorGap:
        contributor: strawberry.ID = strawberry.field(name="contributorId")
        personnel: list[Comparison] = strawberry.field(description="Personnel pledged vs deployed.")
        funding: list[Comparison] = strawberry.field(description="Money pledged vs deposited, per unit.")

    @strawberry.type(description="The mission's money against its cost estimate.")
    class MissionFunding:
        cost_estimate: Figure | None
        pledged: Figure | None
        deposited: Figure | None
        gap_pledged: Gap | None
        gap_deposited: Gap | None
        note: str

    @strawberry.type(description="Contributions and gaps of a mission on a day.")
    class Contributions:
        mission: strawberry.ID = strawberry.field(name="missionId")
        as_of: Date
        contributors: list[ContributorGap]
        funding: MissionFunding
        rules: str

    source_node: Any = nodes["sources"]

    @strawberry.type(
        description="One point of a series: a report with the level the rules give on its date, or "
        "(basis `contributors`) the sum of the contributors' own figures on a date before the "
        "mission's first mission-wide report."
    )
    class SeriesPoint:
        date: Date
        value: Quantity | None = strawberry.field(
            description="The report's value; for a sum, the sum (null when it is a range: see level)."
        )
        unit: _Unit  # type: ignore[valid-type]
        level: Gap = strawberry.field(description="The figure on that date (tranches added, ranges kept).")
        basis: str | None = strawberry.field(
            description="`mission` (a mission-wide report), `contributors` (a sum of the "
            "contributors' own figures), or null (one contributor's series)."
        )
        confidence: _Confidence  # type: ignore[valid-type]
        increment: bool
        note: str | None
        observation: strawberry.ID | None = strawberry.field(
            name="observationId", description="The report; null for a sum."
        )
        observations: list[strawberry.ID] = strawberry.field(
            name="observationIds", description="Every report the point rests on."
        )
        sources: list[source_node]

    @strawberry.type(
        description="A reference value, once, over the interval in which it held: a mandate "
        "ceiling, a planned or authorized strength, a cost estimate."
    )
    class ReferenceLine:
        kind: str = strawberry.field(description="ceiling_total, ceiling_military, ..., or the metric.")
        value: Quantity | None = strawberry.field(description="Null when the reports of a date disagree.")
        low: Quantity
        high: Quantity
        unit: _Unit  # type: ignore[valid-type]
        valid_from: Date
        valid_to: Date | None = strawberry.field(
            description="Its last day; null while no later record changes it."
        )
        mandate: strawberry.ID | None = strawberry.field(
            name="mandateId", description="The instrument that set it (ceilings)."
        )
        observation: strawberry.ID | None = strawberry.field(
            name="observationId", description="The first report that gave it (other lines)."
        )
        mandates: list[strawberry.ID] = strawberry.field(
            name="mandateIds", description="Every instrument that set or restated it."
        )
        observations: list[strawberry.ID] = strawberry.field(
            name="observationIds", description="Every report that gave it."
        )
        sources: list[source_node]

    @strawberry.type(description="A metric of a mission (or of one contributor) over time.")
    class Series:
        mission: strawberry.ID = strawberry.field(name="missionId")
        metric: _Metric  # type: ignore[valid-type]
        contributor: strawberry.ID | None = strawberry.field(name="contributorId")
        as_of: Date | None
        points: list[SeriesPoint]
        reference_lines: list[ReferenceLine]
        rules: str

    return {"Figure": Figure, "Snapshot": Snapshot, "Contributions": Contributions, "Series": Series}


def add_mission_fields(mission: type, types: dict[str, Any]) -> None:
    """Adds ``snapshot`` (and the other per-mission research fields) to the Mission type."""
    snapshot_type = types["Snapshot"]

    async def snapshot(
        root: Row,
        info: Info,
        as_of: Annotated[Date | None, strawberry.argument(description="The day; today by default.")] = None,
    ) -> Row:
        day = as_of if isinstance(as_of, dt.date) else _today()
        return await info.context.access.query(mission_snapshot, root["id"], day)

    async def contributors(
        root: Row,
        info: Info,
        as_of: Annotated[Date | None, strawberry.argument(description="The day; today by default.")] = None,
    ) -> Row:
        day = as_of if isinstance(as_of, dt.date) else _today()
        return await info.context.access.query(mission_contributions, root["id"], day)

    mission.contributors = strawberry.field(  # type: ignore[attr-defined]
        resolver=contributors,
        graphql_type=types["Contributions"],
        description="Per contributor, pledged vs deployed personnel and pledged vs deposited "
        "money, with the gaps; the mission's funding against its cost estimate.",
    )

    async def series(
        root: Row,
        info: Info,
        metric: Annotated[_Metric, strawberry.argument(description="The metric.")],  # type: ignore[valid-type]
        contributor: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="One contributor's reports; the mission-wide ones by default."),
        ] = None,
        as_of: Annotated[
            Date | None, strawberry.argument(description="Only reports dated on or before that day.")
        ] = None,
    ) -> Row:
        day = as_of if isinstance(as_of, dt.date) else None
        who = None if contributor is None else _text(str(contributor), "contributor")
        return await info.context.access.query(
            mission_series,
            root["id"],
            E.Metric(str(getattr(metric, "value", metric))),
            contributor=who,
            day=day,
        )

    mission.series = strawberry.field(  # type: ignore[attr-defined]
        resolver=series,
        graphql_type=types["Series"],
        description="A metric over time, ready to plot: each report with its sources and level, "
        "and reference lines (mandate ceilings, planned strength, cost estimate).",
    )
    mission.snapshot = strawberry.field(  # type: ignore[attr-defined]
        resolver=snapshot,
        graphql_type=snapshot_type,
        description="The mission as it stood on a day: status, mandate in force, latest figures.",
    )


_VoteChoice = graphql_enum(E.VoteChoice)


@strawberry.enum(description="Fields votes can be grouped by.")
class VoteGroupField(Enum):
    RESOLUTION = "resolution"
    MEMBER = "member"
    VOTE = "vote"


@strawberry.type(description="One group of votes: the grouped fields (null when not grouped by), the count.")
class VoteGroup:
    resolution: strawberry.ID | None = strawberry.field(name="resolutionId", default=None)
    member: strawberry.ID | None = strawberry.field(name="memberId", default=None)
    vote: _VoteChoice | None = None  # type: ignore[valid-type]
    count: int = strawberry.field(description="Votes in the group.")
    resolutions: list[strawberry.ID] = strawberry.field(description="The resolutions voted on in the group.")


async def _vote_groups(
    info: Info,
    group_by: Annotated[
        list[VoteGroupField], strawberry.argument(description="The fields to group by (at least one).")
    ],
    filter: Annotated[
        filter_input("votes") | None,  # type: ignore[valid-type]
        strawberry.argument(description="Only votes matching all these filters."),
    ] = None,
) -> list[VoteGroup]:
    query = ListQuery(resource="votes", conditions=to_conditions(RESOURCES["votes"], filter))
    fields = tuple(f.value for f in group_by)
    rows = await info.context.access.query(group_rows, query, fields)
    return [{**dict.fromkeys(("resolution", "member", "vote")), **row} for row in rows]  # type: ignore[misc]


@strawberry.type(description="A licence, as a Data Package names it.")
class License:
    name: str
    title: str
    path: str


@strawberry.type(description="The licences: data CC BY 4.0, code MIT.")
class Licenses:
    data: License
    code: License


def _csl_json(root: Any) -> str:
    return orjson.dumps(root["csl_json"], option=orjson.OPT_INDENT_2).decode()


@strawberry.type(
    description="How to cite the dataset: its year (that of its latest source), the version that "
    "answered and the URL it is served at."
)
class Citation:
    text: str
    bibtex: str
    csl_json: str = strawberry.field(
        resolver=_csl_json, description="A CSL-JSON document (REST: an array of one item)."
    )


@strawberry.type(description="Records per resource.")
class Counts:
    missions: int
    resolutions: int
    mandates: int
    contributors: int
    observations: int
    events: int
    sources: int
    votes: int


@strawberry.type(
    description="The dataset: its version, record counts, licences and citation (REST: /v1/meta)."
)
class DatasetMeta:
    dataset_version: str = strawberry.field(
        description="A content hash of the data, changing exactly when the data does."
    )
    counts: Counts
    licenses: Licenses
    citation: Citation


async def _meta(info: Info) -> DatasetMeta:
    url = public_base(info.context.request) + "/v1/meta"
    meta: Any = await info.context.access.query(dataset_meta, url=url)  # a dict the type resolves by name
    return meta  # type: ignore[no-any-return]


def add_source_fields(source: type) -> None:
    """``bibtex`` and ``cslJson`` on the Source type."""

    def bibtex(root: Row) -> str:
        return source_bibtex(root)

    def csl_json(root: Row) -> str:
        return source_csl_json(root)

    source.bibtex = strawberry.field(  # type: ignore[attr-defined]
        resolver=bibtex, description="The source as a BibTeX entry (REST: format=bibtex)."
    )
    source.csl_json = strawberry.field(  # type: ignore[attr-defined]
        resolver=csl_json, description="The source as a CSL-JSON document (REST: format=csl-json)."
    )


def root_fields() -> dict[str, Any]:
    """The research fields of the Query type."""
    return {
        "meta": strawberry.field(
            resolver=_meta, description="The dataset: version, counts, licences, citation."
        ),
        "vote_groups": strawberry.field(
            resolver=_vote_groups,
            description="Council votes counted per member, vote and/or resolution (REST: "
            "/v1/votes?group_by=...), each group with the resolutions it covers.",
        ),
    }
