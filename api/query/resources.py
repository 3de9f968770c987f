"""One declaration per resource: its table, fields, filters, sorts, expansions and the
date that ``as_of`` compares with, and the relations between them. Everything else is
generated from this file; what a declaration is lives in ``api.query.resource``."""

from __future__ import annotations

import sqlalchemy as sa

from api.models import (
    Contributor,
    Event,
    EventActor,
    Mandate,
    Mission,
    Observation,
    Resolution,
    Source,
    Vote,
)
from api.models import enums as E
from api.query.fields import FieldDecl, FieldType, RelationFilter, SpecialFilter
from api.query.numbers import AS_WRITTEN
from api.query.resource import RELEVANCE, RELEVANCE_DOC, Relation, Resource
from api.query.resource import bookkeeping_fields as _bookkeeping
from api.query.resource import column_field as _col
from api.query.resource import date_field as _date
from api.query.resource import enum_field as _enum
from api.query.resource import id_field as _id
from api.query.resource import ref_field as _ref
from api.query.resource import table_of as _t
from api.query.spec import SortKey
from api.query.special_filters import (
    abstainer,
    in_force_on,
    mission_status_on,
    on_mandate,
    on_mission_kind,
    resolution_abstainer,
)

__all__ = ["RELATIONS", "RELEVANCE", "RELEVANCE_DOC", "RESOURCES", "Relation", "Resource", "get_resource"]
_m, _md, _c, _o, _e, _s = (_t(x) for x in (Mission, Mandate, Contributor, Observation, Event, Source))
_v, _a, _r = _t(Vote), _t(EventActor), _t(Resolution)


MISSIONS = Resource(
    name="missions",
    singular="mission",
    table=_m,
    key=("id",),
    description="Peace operations and security missions.",
    fields=(
        _id(_m),
        _col(_m, "name", FieldType.string, filter=True, sort=True),
        _col(_m, "acronym", FieldType.string, filter=True, sort=True),
        _enum(_m, "kind", E.MissionKind, sort=True),
        _col(
            _m,
            "host_country",
            FieldType.string,
            filter=True,
            sort=True,
            ops=("eq", "in", "not"),
            description="ISO 3166-1 alpha-3 code of the host country.",
        ),
        _ref(_m, "lead", "contributors", description="The lead nation or organization."),
        _enum(_m, "authorized_by", E.Body),
        _col(_m, "chapter_vii", FieldType.boolean, filter=True),
        _enum(_m, "funding_model", E.FundingModel),
        _enum(_m, "status", E.MissionStatus, sort=True),
        _date(_m, "start_date"),
        _date(_m, "end_date"),
        _ref(_m, "predecessor", "missions"),
        _ref(_m, "successor", "missions"),
        _col(_m, "summary", FieldType.string),
        *_bookkeeping(_m),
    ),
    default_sort=(SortKey("start_date"),),
    as_of="start_date",
    as_of_strict=True,
    as_of_columns=mission_status_on,
    searchable=True,
    expansions=("sources",),
)

_COPIED = "Its resolution's (read-only here: written on the resolution)."


def _tally(table: sa.Table, *, copied: bool = False) -> tuple[FieldDecl, ...]:
    suffix = " " + _COPIED if copied else ""
    return (
        _col(
            table,
            "votes_for",
            FieldType.integer,
            filter=True,
            sort=True,
            description="Votes in favour." + suffix,
        ),
        _col(
            table,
            "votes_against",
            FieldType.integer,
            filter=True,
            sort=True,
            description="Votes against." + suffix,
        ),
        _col(
            table,
            "abstentions",
            FieldType.integer,
            filter=True,
            sort=True,
            description="Abstentions." + suffix,
        ),
    )


RESOLUTIONS = Resource(
    name="resolutions",
    singular="resolution",
    table=_r,
    key=("id",),
    description="Security Council resolutions, whether or not they act on a mission, with their votes.",
    fields=(
        _id(_r),
        _col(
            _r,
            "symbol",
            FieldType.string,
            filter=True,
            sort=True,
            description="The document symbol, written `S/RES/2719 (2023)`.",
        ),
        _date(_r, "adopted_on"),
        _col(
            _r,
            "meeting",
            FieldType.integer,
            filter=True,
            sort=True,
            description="The Council's meeting number.",
        ),
        _col(_r, "draft", FieldType.string, filter=True, description="The symbol of the draft adopted."),
        _col(
            _r, "agenda", FieldType.string, filter=True, description="The agenda item, as the UN writes it."
        ),
        _col(_r, "subjects", FieldType.strings, description="Subject terms (the UN Digital Library's)."),
        _enum(_r, "modality", E.ResolutionModality),
        *_tally(_r),
        _col(
            _r,
            "non_voting",
            FieldType.integer,
            filter=True,
            sort=True,
            description="Members present but not voting, or absent.",
        ),
        _col(_r, "penholders", FieldType.strings, references="contributors", description="The drafters."),
        _col(_r, "undl_record", FieldType.string, description="The UN Digital Library record."),
        *_bookkeeping(_r),
    ),
    special_filters=(
        SpecialFilter(
            name="abstainer",
            type=FieldType.ref,
            references="contributors",
            build=resolution_abstainer,
            description="Resolutions on which that Council member abstained.",
        ),
    ),
    default_sort=(SortKey("adopted_on"), SortKey("symbol")),
    as_of="adopted_on",
    searchable=True,
    expansions=("sources", "votes"),
)

MANDATES = Resource(
    name="mandates",
    singular="mandate",
    table=_md,
    key=("id",),
    description="Legal instruments acting on a mission: resolutions, with their votes.",
    fields=(
        _id(_md),
        _ref(_md, "mission", "missions", sort=True),
        _ref(_md, "resolution", "resolutions", description="The Security Council resolution it is part of."),
        _col(_md, "symbol", FieldType.string, filter=True, sort=True),
        _enum(_md, "body", E.Body),
        _date(_md, "adopted_on"),
        _enum(_md, "action", E.MandateAction, sort=True),
        _date(_md, "effective_from"),
        _date(_md, "expires_on"),
        *(
            _col(_md, f"ceiling_{k}", FieldType.integer, filter=True, sort=True)
            for k in ("military", "police", "civilian", "total")
        ),
        *_tally(_md, copied=True),
        _col(_md, "meeting", FieldType.integer, filter=True, description=_COPIED),
        _col(_md, "penholders", FieldType.strings, references="contributors", description=_COPIED),
        *_bookkeeping(_md),
    ),
    special_filters=(
        SpecialFilter(
            name="in_force_on",
            type=FieldType.date,
            build=in_force_on,
            description="Mandates in force on that day: started on or before it, expiring on "
            "or after it (or with no expiry, not yet superseded nor a termination).",
        ),
        SpecialFilter(
            name="abstainer",
            type=FieldType.ref,
            references="contributors",
            build=abstainer,
            description="Resolutions on which that Council member abstained.",
        ),
    ),
    default_sort=(SortKey("adopted_on"), SortKey("symbol")),
    as_of="adopted_on",
    searchable=True,
    expansions=("sources", "votes"),
)

CONTRIBUTORS = Resource(
    name="contributors",
    singular="contributor",
    table=_c,
    key=("id",),
    description="States and organizations that authorize, pledge, send, pay or vote.",
    fields=(
        _id(_c),
        _col(_c, "name", FieldType.string, filter=True, sort=True),
        _enum(_c, "kind", E.ContributorKind, sort=True),
        _col(_c, "iso3", FieldType.string, filter=True, sort=True, ops=("eq", "in", "not")),
        _col(_c, "region", FieldType.string, filter=True, sort=True, ops=("eq", "in", "not")),
        *_bookkeeping(_c),
    ),
    default_sort=(SortKey("name"),),
    searchable=True,
    expansions=("sources",),
)

OBSERVATIONS = Resource(
    name="observations",
    singular="observation",
    table=_o,
    key=("id",),
    description="Sourced, dated figures: personnel and money, per mission and contributor.",
    fields=(
        _id(_o),
        _ref(_o, "mission", "missions", sort=True),
        _ref(_o, "contributor", "contributors", sort=True),
        _enum(_o, "metric", E.Metric, sort=True),
        _col(_o, "value", FieldType.number, filter=True, sort=True, description="The figure. " + AS_WRITTEN),
        _enum(_o, "unit", E.Unit),
        # No plain equality parameter: `as_of=DATE` is the list-wide as-of (dated on or
        # before); for one day use as_of__gte and as_of__lte.
        _date(_o, "as_of", ops=("in", "not", "gt", "gte", "lt", "lte")),
        _enum(_o, "confidence", E.Confidence, sort=True),
        _col(_o, "note", FieldType.string),
        _col(
            _o,
            "increment",
            FieldType.boolean,
            filter=True,
            description="A tranche that adds to the earlier figure of the same contributor, "
            "metric and unit; false: a running total that replaces it.",
        ),
        *_bookkeeping(_o),
    ),
    default_sort=(SortKey("as_of"),),
    as_of="as_of",
    expansions=("sources",),
)

EVENTS = Resource(
    name="events",
    singular="event",
    table=_e,
    key=("id",),
    description="Dated happenings, with the contributors that acted in them.",
    fields=(
        _id(_e),
        _date(_e, "date"),
        _enum(_e, "date_precision", E.DatePrecision),
        _enum(_e, "kind", E.EventKind, sort=True),
        _col(_e, "title", FieldType.string, filter=True, sort=True),
        _col(_e, "summary", FieldType.string),
        _ref(_e, "mission", "missions", sort=True),
        _ref(_e, "mandate", "mandates"),
        _col(_e, "location", FieldType.string, filter=True),
        *_bookkeeping(_e),
    ),
    relation_filters=(
        RelationFilter(
            name="actor",
            relation="event_actor",
            child=_a,
            parent_key=_a.c.event,
            column=_a.c.contributor,
            type=FieldType.ref,
            references="contributors",
            description="Events in which that contributor acted.",
        ),
        RelationFilter(
            name="stance",
            relation="event_actor",
            child=_a,
            parent_key=_a.c.event,
            column=_a.c.stance,
            type=FieldType.enum,
            enum=E.Stance,
            description="Events with an actor of that stance (the same actor as "
            "`actor`, when both are given).",
        ),
        RelationFilter(
            name="role",
            relation="event_actor",
            child=_a,
            parent_key=_a.c.event,
            column=_a.c.role,
            type=FieldType.enum,
            enum=E.ActorRole,
            description="Events with an actor in that role.",
        ),
    ),
    default_sort=(SortKey("date"),),
    as_of="date",
    searchable=True,
    search_sort="date",
    expansions=("sources", "actors"),
)

SOURCES = Resource(
    name="sources",
    singular="source",
    table=_s,
    key=("id",),
    description="The documents every figure cites.",
    fields=(
        _id(_s),
        _col(_s, "title", FieldType.string, filter=True, sort=True),
        _col(_s, "publisher", FieldType.string, filter=True, sort=True),
        _col(_s, "url", FieldType.string, description="The document's own URL."),
        _col(
            _s,
            "symbol",
            FieldType.string,
            filter=True,
            sort=True,
            description="The UN document symbol, where the source is a UN document.",
        ),
        _date(_s, "published_on"),
        _enum(
            _s,
            "published_precision",
            E.DatePrecision,
            description="How much of `published_on` is known (the date is the first day of the period).",
        ),
        _enum(_s, "kind", E.SourceKind, sort=True),
        _col(_s, "note", FieldType.string, description="What is known of the document, and what is not."),
        *_bookkeeping(_s),
    ),
    default_sort=(SortKey("published_on"),),
    as_of="published_on",
    searchable=True,
)

VOTES = Resource(
    name="votes",
    singular="vote",
    table=_v,
    key=("resolution", "member"),
    description="How each Council member voted on each resolution.",
    fields=(
        _ref(_v, "resolution", "resolutions", sort=True),
        _ref(_v, "member", "contributors", sort=True),
        _enum(_v, "vote", E.VoteChoice, sort=True),
    ),
    relation_filters=(
        RelationFilter(
            name="mission",
            relation="mandate",
            child=_md,
            parent_key=_md.c.resolution,
            local_key="resolution",
            column=_md.c.mission,
            type=FieldType.ref,
            references="missions",
            ops=("eq", "in", "not"),
            description="Votes on resolutions acting on that mission.",
        ),
        RelationFilter(
            name="adopted_on",
            relation="resolution",
            child=_r,
            parent_key=_r.c.id,
            local_key="resolution",
            column=_r.c.adopted_on,
            type=FieldType.date,
            ops=("eq", "gt", "gte", "lt", "lte"),
            description="Votes on resolutions adopted on (or before, after) that day.",
        ),
    ),
    special_filters=(
        SpecialFilter(
            name="mandate",
            type=FieldType.ref,
            references="mandates",
            build=on_mandate,
            description="Votes on the resolution that gave that mandate.",
        ),
        SpecialFilter(
            name="mission_kind",
            type=FieldType.enum,
            enum=E.MissionKind,
            build=on_mission_kind,
            description="Votes on resolutions that gave a mandate to a mission of that kind "
            "(un_peacekeeping: a UN peacekeeping operation's mandate).",
        ),
    ),
    default_sort=(),
    groupable=("resolution", "member", "vote"),
    group_lists="resolution",
)

RESOURCES: dict[str, Resource] = {
    r.name: r for r in (MISSIONS, RESOLUTIONS, MANDATES, CONTRIBUTORS, OBSERVATIONS, EVENTS, SOURCES, VOTES)
}


RELATIONS: tuple[Relation, ...] = (
    Relation("missions", "mandates", "mission"),
    Relation("missions", "events", "mission"),
    Relation("missions", "observations", "mission"),
    Relation("resolutions", "mandates", "resolution"),
    Relation("resolutions", "votes", "resolution"),
    Relation("mandates", "votes", "mandate"),
    Relation("mandates", "events", "mandate"),
    Relation("contributors", "observations", "contributor"),
    Relation("contributors", "votes", "member"),
)


def get_resource(name: str) -> Resource:
    return RESOURCES[name]
