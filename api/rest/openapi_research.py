"""The OpenAPI paths and schemas of the research operations (snapshot, series,
contributors, vote groups, meta, feeds, citations), next to the generated list and get
operations of ``api.rest.openapi``."""

from __future__ import annotations

from typing import Any

from api.citation import LICENSES, dataset_citation
from api.query.contributions import CONTRIBUTION_RULES
from api.query.figures import FIGURE_RULES
from api.query.resources import RESOURCES

__all__ = ["extend_source_get", "feed_paths", "research_paths", "research_schemas"]

_REF = "#/components/schemas/"
_DATE = {"type": "string", "format": "date"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _nullable_ref(name: str) -> dict[str, Any]:
    return {"anyOf": [_ref(name), {"type": "null"}]}


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


_FIGURE_EXAMPLE = {
    "metric": "personnel_deployed",
    "value": 430.0,
    "low": 430.0,
    "high": 430.0,
    "unit": "persons",
    "as_of": "2024-11-01",
    "agreed": True,
    "basis": "mission",
    "reports": [],
}

_SNAPSHOT_EXAMPLE = {
    "mission": "mss-haiti",
    "as_of": "2024-11-15",
    "status": "active",
    "mandate": None,
    "days_to_expiry": 321,
    "figures": [_FIGURE_EXAMPLE],
    "rules": FIGURE_RULES,
    "dataset_version": "95a8ec06d2ef40bdbb00cb3afa7c78f6",
}


_VERSION = "95a8ec06d2ef40bdbb00cb3afa7c78f6"
_META_EXAMPLE = {
    "dataset_version": _VERSION,
    "counts": {name: 1 for name in RESOURCES},
    "licenses": LICENSES,
    "citation": dataset_citation(_VERSION),
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


_GAP_EXAMPLE = {"value": 2000.0, "low": 2000.0, "high": 2000.0, "unit": "persons"}
_CONTRIBUTIONS_EXAMPLE = {
    "mission": "mss-haiti",
    "as_of": "2025-06-01",
    "contributors": [
        {
            "contributor": "benin",
            "personnel": [
                {
                    "unit": "persons",
                    "delivered_metric": "personnel_deployed",
                    "pledged": {
                        **_FIGURE_EXAMPLE,
                        "metric": "personnel_pledged",
                        **_GAP_EXAMPLE,
                        "basis": None,
                    },
                    "delivered": None,
                    "gap": _GAP_EXAMPLE,
                    "note": "no personnel_deployed report: counted as none delivered",
                }
            ],
            "funding": [],
        }
    ],
    "funding": {
        "cost_estimate": None,
        "pledged": None,
        "deposited": None,
        "gap_pledged": None,
        "gap_deposited": None,
        "note": "The cost estimate is per year; the gaps compare it with the US dollars pledged and "
        "deposited to date.",
    },
    "rules": CONTRIBUTION_RULES,
    "dataset_version": _VERSION,
}


_SERIES_EXAMPLE: dict[str, Any] = {
    "mission": "mss-haiti",
    "metric": "personnel_deployed",
    "contributor": None,
    "as_of": None,
    "points": [
        {
            "date": "2024-11-01",
            "value": 430.0,
            "unit": "persons",
            "level": {"value": 430.0, "low": 430.0, "high": 430.0, "unit": "persons"},
            "confidence": "reported",
            "increment": False,
            "note": "About 430; November 2024 (month only).",
            "observation": "mss-deployed-2024-11-haitichronicle",
            "sources": [],
        }
    ],
    "reference_lines": [
        {
            "kind": "personnel_planned",
            "value": 2500.0,
            "unit": "persons",
            "valid_from": "2024-09-29",
            "valid_to": None,
            "mandate": None,
            "observation": "mss-planned-2024-09-29-article",
            "sources": [],
        }
    ],
    "rules": FIGURE_RULES,
    "dataset_version": _VERSION,
}


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
            "description": "Every dated report of the metric with its sources, the level the figure "
            "rules give on each date (tranches added, disagreement kept as a range), and reference "
            "lines: mandate ceilings and planned or authorized strength for personnel metrics, the "
            "cost estimate for money. `format=csv` gives the points (not the reference lines) as "
            "CSV. " + FIGURE_RULES,
            "security": [],
            "parameters": [
                _mission_id(),
                query("metric", _ref("Metric"), "The metric.", required=True),
                query(
                    "contributor",
                    {"type": "string", "minLength": 1, "pattern": "^[^\\x00]+$"},
                    "One contributor's reports (its id); by default the mission-wide reports.",
                ),
                _as_of("Only reports dated on or before that day; all by default."),
                query("format", {"type": "string", "enum": ["json", "csv"]}, "json, or the points as csv."),
            ],
            "responses": {
                **_json_ok(
                    "The series.",
                    "Series",
                    _SERIES_EXAMPLE,
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
                    **_json_ok("The contributions.", "Contributions", _CONTRIBUTIONS_EXAMPLE),
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
                    **_json_ok("The dataset's description.", "DatasetMeta", _META_EXAMPLE),
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
                    **_json_ok("The snapshot.", "Snapshot", _SNAPSHOT_EXAMPLE),
                    **_errors("400", "404", "406"),
                },
            }
        },
    }


def _strings(*names: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(names),
        "properties": {n: {"type": "string"} for n in names},
    }


def _object(required: list[str], properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "required": required, "properties": properties}
    if description:
        out["description"] = description
    return out


def _contribution_schemas() -> dict[str, Any]:
    number = {"type": "number"}
    comparison = {
        "unit": _ref("Unit"),
        "delivered_metric": _ref("Metric"),
        "pledged": _nullable_ref("Figure"),
        "delivered": _nullable_ref("Figure"),
        "gap": _nullable_ref("Gap"),
        "note": {"type": ["string", "null"]},
    }
    funding = {
        "cost_estimate": _nullable_ref("Figure"),
        "pledged": _nullable_ref("Figure"),
        "deposited": _nullable_ref("Figure"),
        "gap_pledged": _nullable_ref("Gap"),
        "gap_deposited": _nullable_ref("Gap"),
        "note": {"type": "string"},
    }
    contributor = {
        "contributor": {"type": "string"},
        "personnel": {"type": "array", "items": _ref("Comparison")},
        "funding": {"type": "array", "items": _ref("Comparison")},
    }
    contributions = {
        "mission": {"type": "string"},
        "as_of": _DATE,
        "contributors": {"type": "array", "items": _ref("ContributorGap")},
        "funding": _ref("MissionFunding"),
        "rules": {"type": "string"},
        "dataset_version": {"type": "string"},
    }
    return {
        "Gap": _object(
            ["value", "low", "high", "unit"],
            {"value": {"type": ["number", "null"]}, "low": number, "high": number, "unit": _ref("Unit")},
            "Pledged minus delivered; a range when either side is one (value null).",
        ),
        "Comparison": _object(list(comparison), comparison, "A pledge against its delivery, in one unit."),
        "ContributorGap": _object(
            list(contributor), contributor, "One contributor's pledges and deliveries."
        ),
        "MissionFunding": _object(list(funding), funding, "The mission's money against its cost estimate."),
        "Contributions": _object(list(contributions), contributions, CONTRIBUTION_RULES),
    }


def _series_schemas() -> dict[str, Any]:
    sources = {"type": "array", "items": _ref("Source")}
    point = {
        "date": _DATE,
        "value": {"type": "number"},
        "unit": _ref("Unit"),
        "level": _ref("Gap"),
        "confidence": _ref("Confidence"),
        "increment": {"type": "boolean"},
        "note": {"type": ["string", "null"]},
        "observation": {"type": "string"},
        "sources": sources,
    }
    line = {
        "kind": {"type": "string"},
        "value": {"type": "number"},
        "unit": _ref("Unit"),
        "valid_from": _DATE,
        "valid_to": {"type": ["string", "null"], "format": "date"},
        "mandate": {"type": ["string", "null"]},
        "observation": {"type": ["string", "null"]},
        "sources": sources,
    }
    series = {
        "mission": {"type": "string"},
        "metric": _ref("Metric"),
        "contributor": {"type": ["string", "null"]},
        "as_of": {"type": ["string", "null"], "format": "date"},
        "points": {"type": "array", "items": _ref("SeriesPoint")},
        "reference_lines": {"type": "array", "items": _ref("ReferenceLine")},
        "rules": {"type": "string"},
        "dataset_version": {"type": "string"},
    }
    return {
        "SeriesPoint": _object(list(point), point, "One dated report, with the level on its date."),
        "ReferenceLine": _object(
            list(line), line, "A mandate ceiling, a planned or authorized strength, a cost."
        ),
        "Series": _object(list(series), series, "A metric of a mission over time."),
    }


def research_schemas() -> dict[str, Any]:
    return {
        **_series_schemas(),
        **_contribution_schemas(),
        "License": _strings("name", "title", "path"),
        "DatasetMeta": {
            "type": "object",
            "required": ["dataset_version", "counts", "licenses", "citation"],
            "properties": {
                "dataset_version": {"type": "string"},
                "counts": {
                    "type": "object",
                    "required": list(RESOURCES),
                    "properties": {n: {"type": "integer", "minimum": 0} for n in RESOURCES},
                },
                "licenses": {
                    "type": "object",
                    "required": ["data", "code"],
                    "properties": {"data": _ref("License"), "code": _ref("License")},
                },
                "citation": _strings("text", "bibtex"),
            },
        },
        "Figure": {
            "type": "object",
            "description": "What the reports say a metric was. " + FIGURE_RULES,
            "required": ["metric", "value", "low", "high", "unit", "as_of", "agreed", "basis", "reports"],
            "properties": {
                "metric": _ref("Metric"),
                "value": {"type": ["number", "null"], "description": "Null when the reports disagree."},
                "low": {"type": "number"},
                "high": {"type": "number"},
                "unit": _ref("Unit"),
                "as_of": {**_DATE, "description": "The date of the latest report used."},
                "agreed": {"type": "boolean"},
                "basis": {
                    "type": ["string", "null"],
                    "enum": ["mission", "contributors", None],
                    "description": "For a mission's figure: mission (mission-wide reports) or "
                    "contributors (the sum of each contributor's own figure, when no mission-wide "
                    "report exists); null for one contributor's figure.",
                },
                "reports": {"type": "array", "items": _ref("Observation")},
            },
        },
        "Snapshot": {
            "type": "object",
            "required": [
                "mission",
                "as_of",
                "status",
                "mandate",
                "days_to_expiry",
                "figures",
                "rules",
                "dataset_version",
            ],
            "properties": {
                "mission": {"type": "string"},
                "as_of": _DATE,
                "status": {**_ref("MissionStatus")},
                "mandate": _nullable_ref("Mandate"),
                "days_to_expiry": {"type": ["integer", "null"]},
                "figures": {"type": "array", "items": _ref("Figure")},
                "rules": {"type": "string"},
                "dataset_version": {"type": "string"},
            },
        },
    }
