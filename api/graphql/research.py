"""The research fields of the schema: ``mission.snapshot``, ``mission.series``,
``mission.contributions``, ``voteGroups`` and ``meta``. Each resolver calls the same
research function as its REST operation and returns its dicts, which the schema's
default resolver reads field by field (snake_case keys, camelCase fields).

Their object types are generated: the answers' from their declarations in
``api.research.types`` (``research_types``), the vote groups' from the votes resource's
group fields (``_group_types``), as the OpenAPI schemas are."""

import dataclasses
import datetime as dt
from enum import Enum
from typing import Annotated, Any, cast

import orjson
import strawberry

from api.errors import BadRequest
from api.graphql.context import Context, Row
from api.graphql.inputs import camel, filter_input, to_conditions
from api.graphql.scalars import Date, Quantity, graphql_enum
from api.models import enums as E
from api.query.operators import parse_text
from api.query.resources import RESOURCES, Resource
from api.query.spec import ListQuery
from api.research import shapes as S
from api.research.citation import source_bibtex, source_csl_json
from api.research.contributions import mission_contributions
from api.research.groups import group_list_name, group_rows
from api.research.meta import dataset_meta
from api.research.series import mission_series
from api.research.snapshot import mission_snapshot
from api.research.types import RESULT_TYPES
from api.service.public_url import public_base

__all__ = ["add_mission_fields", "add_source_fields", "research_types", "root_fields"]

Info = strawberry.Info[Context, None]
_Metric = graphql_enum(E.Metric)


def _text(value: str, where: str) -> str:
    try:
        return parse_text(value)
    except ValueError as exc:
        raise BadRequest.field(where, str(exc)) from None


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


_SCALARS: dict[Any, Any] = {
    S.Kind.DAY: Date,
    S.Kind.QUANTITY: Quantity,
    S.Kind.COUNT: int,
    S.Kind.RECORD_ID: strawberry.ID,
}


def _csl_json(root: Any) -> str:
    return orjson.dumps(root["csl_json"], option=orjson.OPT_INDENT_2).decode()


# Fields a GraphQL client reads otherwise than REST's JSON: a CSL-JSON document as text.
_OVERRIDES: dict[tuple[str, str], Any] = {
    ("Citation", "csl_json"): strawberry.field(
        resolver=_csl_json, description="A CSL-JSON document, as text (REST: an array of one item)."
    ),
}


def research_types(nodes: dict[str, type]) -> dict[str, Any]:
    """The object types of the research answers (``api.research.types``), linked to the
    record types in ``nodes``. A record id is named as the record types name their
    references (``missionId``, ``observationIds``)."""
    built: dict[str, Any] = {}

    def value_type(shape: S.FieldShape) -> Any:
        base, mark = shape.base, shape.mark
        if isinstance(mark, S.Record):
            return nodes[mark.resource]
        if shape.literals:
            return str
        if shape.model_enum is not None:
            return graphql_enum(shape.model_enum)
        if isinstance(base, type) and dataclasses.is_dataclass(base):
            return built[base.__name__]
        return _SCALARS.get(mark, base)

    for cls in RESULT_TYPES:
        annotations: dict[str, Any] = {}
        namespace: dict[str, Any] = {"__annotations__": annotations}
        for shape in S.shapes(cls):
            override = _OVERRIDES.get((cls.__name__, shape.name))
            if override is not None:
                namespace[shape.name] = override
                continue
            kind = value_type(shape)
            kind = list[kind] if shape.many else kind  # type: ignore[valid-type]
            annotations[shape.name] = kind | None if shape.nullable else kind
            name = None
            if shape.mark is S.Kind.RECORD_ID:
                name = camel(shape.name).removesuffix("s") + ("Ids" if shape.many else "Id")
            namespace[shape.name] = strawberry.field(name=name, description=shape.description)
        built[cls.__name__] = strawberry.type(
            type(cls.__name__, (), namespace), name=cls.__name__, description=S.description(cls)
        )
    return built


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


def _group_types(resource: Resource) -> tuple[Any, Any]:
    """The enum of the fields ``resource`` can be grouped by and the type of one group,
    from the declaration REST's ``group_by`` reads: each group field (null when not grouped
    by; a reference as its id, ``memberId``), the count, and the listed ids."""
    name = resource.singular.title()
    members = Enum(f"{name}GroupField", {f.upper(): f for f in resource.groupable})  # type: ignore[misc]
    fields = strawberry.enum(members, description=f"Fields {resource.name} can be grouped by.")
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations}
    for field in resource.groupable:
        decl = resource.field(field)
        if decl.enum is not None:
            annotations[field] = graphql_enum(decl.enum) | None
            namespace[field] = strawberry.field()
        else:
            annotations[field] = strawberry.ID | None
            namespace[field] = strawberry.field(name=camel(field) + "Id")
    listed = group_list_name(resource)
    annotations["count"] = int
    namespace["count"] = strawberry.field(description=f"{resource.name.capitalize()} in the group.")
    annotations[listed] = list[strawberry.ID]
    namespace[listed] = strawberry.field(description=f"The {listed} of the group's {resource.name}.")
    group = strawberry.type(
        type(f"{name}Group", (), namespace),
        description=f"One group of {resource.name}: the grouped fields (null when not grouped by), "
        "the count.",
    )
    return fields, group


_VOTES = RESOURCES["votes"]
_VoteGroupField, _VoteGroup = _group_types(_VOTES)


async def _vote_groups(
    info: Info,
    group_by: Annotated[
        list[_VoteGroupField],  # type: ignore[valid-type]
        strawberry.argument(description="The fields to group by (at least one)."),
    ],
    filter: Annotated[
        filter_input("votes") | None,  # type: ignore[valid-type]
        strawberry.argument(description="Only votes matching all these filters."),
    ] = None,
) -> list[Row]:
    query = ListQuery(resource="votes", conditions=to_conditions(_VOTES, filter))
    fields = tuple(f.value for f in cast(list[Enum], group_by))
    rows = await info.context.access.query(group_rows, query, fields)
    return [{**dict.fromkeys(_VOTES.groupable), **row} for row in rows]


async def _meta(info: Info) -> Row:
    url = public_base(info.context.request) + "/v1/meta"
    return await info.context.access.query(dataset_meta, url=url)


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


def root_fields(types: dict[str, Any]) -> dict[str, Any]:
    """The research fields of the Query type (``types``: ``research_types``)."""
    return {
        "meta": strawberry.field(
            resolver=_meta,
            graphql_type=types["DatasetMeta"],
            description="The dataset: version, counts, licences, citation.",
        ),
        "vote_groups": strawberry.field(
            resolver=_vote_groups,
            graphql_type=list[_VoteGroup],  # type: ignore[valid-type]
            description="Council votes counted per member, vote and/or resolution (REST: "
            "/v1/votes?group_by=...), each group with the resolutions it covers.",
        ),
    }
