"""The OpenAPI paths of the research operations (snapshot, series, contributors, meta,
feeds, citation formats), next to the generated list and get operations of
``api.rest.openapi``; their schemas are in ``research_schemas``."""

from __future__ import annotations

from typing import Any

from api.research.rules import CONTRIBUTION_RULES, FIGURE_RULES, SERIES_RULES
from api.rest.front import index_body
from api.rest.openapi.examples import CONTRIBUTIONS_EXAMPLE, META_EXAMPLE, SERIES_EXAMPLE, SNAPSHOT_EXAMPLE
from api.rest.openapi.research_schemas import research_schemas

__all__ = ["extend_source_get", "feed_paths", "research_paths", "research_schemas"]

_REF = "#/components/schemas/"
_DATE = {"type": "string", "format": "date"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _mission_id() -> dict[str, Any]:
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": "The mission's id.",
        "example": "mss-haiti",
    }


def _as_of(description: str) -> dict[str, Any]:
    return {"name": "as_of", "in": "query", "required": False, "description": description, "schema": _DATE}


def _errors(*codes: str) -> dict[str, Any]:
    return {code: {"$ref": f"#/components/responses/{code}"} for code in codes}


def _json_ok(description: str, schema: str, example: Any, extra: dict[str, Any] | None = None) -> Any:
    content: dict[str, Any] = {"application/json": {"schema": _ref(schema), "example": example}}
    content.update(extra or {})
    return {
        "200": {
            "description": description,
            "headers": {"ETag": {"schema": {"type": "string"}}},
            "content": content,
        },
        "304": {"description": "Not modified (If-None-Match matched the ETag)."},
    }


def extend_source_get(op: dict[str, Any]) -> None:
    """``format=bibtex|csl-json`` on ``getSource``."""
    op["parameters"].append(
        {
            "name": "format",
            "in": "query",
            "required": False,
            "description": "json (the record), or the source as a citation: bibtex (one @misc "
            "entry keyed by the source id) or csl-json (a CSL-JSON array of one item). "
            "`fields` and `expand` apply to json only.",
            "schema": {"type": "string", "enum": ["json", "bibtex", "csl-json"]},
        }
    )
    op["responses"]["200"]["content"].update(
        {
            "application/x-bibtex": {"schema": {"type": "string"}},
            "application/vnd.citationstyles.csl+json": {
                "schema": {"type": "array", "items": {"type": "object"}}
            },
        }
    )


def _series_path() -> dict[str, Any]:
    def query(name: str, schema: dict[str, Any], description: str, required: bool = False) -> dict[str, Any]:
        return {
            "name": name,
            "in": "query",
            "required": required,
            "description": description,
            "schema": schema,
        }

    return {
        "get": {
            "operationId": "getMissionSeries",
            "summary": "A metric of a mission over time",
            "tags": ["missions"],
            "description": "The mission's figure over time, ready to plot: each mission-wide report "
            "with the level the figure rules give on its date (tranches added, disagreement kept as "
            "a range) and, before the first mission-wide report, the sum of the contributors' own "
            "figures on each date one of them reports (`basis: contributors`); with `contributor`, "
            "that contributor's reports. Reference lines, each once with the interval in which it "
            "held: mandate ceilings and planned or authorized strength for personnel metrics, the "
            "cost estimate for money. `format=csv` gives one table of both: a `kind` column says "
            "`point` or the line's kind; a line runs from `date` to `valid_to`; the `level_*` "
            "columns are what a plot draws. " + SERIES_RULES,
            "security": [],
            "parameters": [
                _mission_id(),
                {
                    **query("metric", _ref("Metric"), "The metric.", required=True),
                    "example": "personnel_deployed",
                },
                query(
                    "contributor",
                    {"type": "string", "minLength": 1, "pattern": "^[^\\x00]+$"},
                    "One contributor's reports (its id); by default the mission-wide reports.",
                ),
                _as_of("Only reports dated on or before that day; all by default."),
                query(
                    "format",
                    {"type": "string", "enum": ["json", "csv"]},
                    "json, or csv: the points and the reference lines as one table.",
                ),
            ],
            "responses": {
                **_json_ok(
                    "The series.",
                    "Series",
                    SERIES_EXAMPLE,
                    {"text/csv": {"schema": {"type": "string"}}},
                ),
                **_errors("400", "404", "406"),
            },
        }
    }


def feed_paths(events_params: list[dict[str, Any]], mandates_params: list[dict[str, Any]]) -> dict[str, Any]:
    """The Atom and iCalendar feeds; their parameters are the list filters of events and
    mandates (without format, fields, expand and cursor)."""

    def op(op_id: str, summary: str, tag: str, description: str, params: Any, *media: str) -> dict[str, Any]:
        return {
            "get": {
                "operationId": op_id,
                "summary": summary,
                "tags": [tag],
                "description": description,
                "security": [],
                "parameters": params,
                "responses": {
                    "200": {
                        "description": summary + ".",
                        "content": {m: {"schema": {"type": "string"}, "example": ""} for m in media},
                    },
                    **_errors("400"),
                },
            }
        }

    return {
        "/v1/events.atom": op(
            "getEventsAtomFeed",
            "An Atom feed of events",
            "events",
            "An Atom (RFC 4287) feed of the events matching the same filters as listEvents, newest "
            "first by default (`sort` changes it), `limit` entries (50 by default). Served as "
            "application/atom+xml, or text/xml to a client whose Accept asks for plain XML only.",
            events_params,
            "application/atom+xml",
            "text/xml",
        ),
        "/v1/mandates.ics": op(
            "getMandatesCalendar",
            "An iCalendar feed of mandate expiry dates",
            "mandates",
            "An iCalendar (RFC 5545) feed: one all-day event on the expiry date of each mandate that "
            "has one and matches the same filters as listMandates, soonest first by default.",
            mandates_params,
            "text/calendar",
        ),
    }


def research_paths() -> dict[str, Any]:
    return {
        "/v1": {
            "get": {
                "operationId": "getIndex",
                "summary": "The resources and their links",
                "tags": ["meta"],
                "description": "Every resource with what it holds and the URLs that list it, read "
                "one record, export it as CSV or NDJSON and read its history, and links to the docs "
                "and the contracts. Also served at `/v1/`.",
                "security": [],
                "parameters": [],
                "responses": {
                    **_json_ok("The index.", "Index", index_body()),
                    **_errors("400", "406"),
                },
            }
        },
        "/v1/missions/{id}/series": _series_path(),
        "/v1/missions/{id}/contributors": {
            "get": {
                "operationId": "getMissionContributors",
                "summary": "Contributions and gaps of a mission",
                "tags": ["missions"],
                "description": "For each contributor, the latest pledged versus deployed personnel "
                "and pledged versus deposited money, and the gaps; the mission's funding against "
                "its cost estimate. " + CONTRIBUTION_RULES,
                "security": [],
                "parameters": [_mission_id(), _as_of("The day; today (UTC) by default.")],
                "responses": {
                    **_json_ok("The contributions.", "Contributions", CONTRIBUTIONS_EXAMPLE),
                    **_errors("400", "404", "406"),
                },
            }
        },
        "/v1/meta": {
            "get": {
                "operationId": "getMeta",
                "summary": "The dataset: version, counts, licences, citation",
                "tags": ["meta"],
                "description": "The dataset version is a content hash of every record: it changes "
                "exactly when the data does, and every list response carries it in "
                "`meta.dataset_version`. Cite it with your query to make a result reproducible. "
                "Data CC BY 4.0, code MIT.",
                "security": [],
                "parameters": [],
                "responses": {
                    **_json_ok("The dataset's description.", "DatasetMeta", META_EXAMPLE),
                    **_errors("400", "406"),
                },
            }
        },
        "/v1/missions/{id}/snapshot": {
            "get": {
                "operationId": "getMissionSnapshot",
                "summary": "A mission as it stood on one day",
                "tags": ["missions"],
                "description": "The mission's status on the day, the latest mandate in force and the "
                "days until it expires, and the latest figure of each metric (planned, authorized, "
                "pledged and deployed personnel; money pledged, deposited and spent; the cost "
                "estimate), each with its reports and their sources. " + FIGURE_RULES,
                "security": [],
                "parameters": [_mission_id(), _as_of("The day; today (UTC) by default.")],
                "responses": {
                    **_json_ok("The snapshot.", "Snapshot", SNAPSHOT_EXAMPLE),
                    **_errors("400", "404", "406"),
                },
            }
        },
    }
