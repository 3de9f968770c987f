"""The OpenAPI component schemas of the research operations (figures, snapshot,
contributions, series, meta)."""

from __future__ import annotations

from typing import Any

from api.query.resources import RESOURCES
from api.research.contributions import CONTRIBUTION_RULES
from api.research.figures import FIGURE_RULES

__all__ = ["research_schemas"]

_REF = "#/components/schemas/"
_DATE = {"type": "string", "format": "date"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _nullable_ref(name: str) -> dict[str, Any]:
    return {"anyOf": [_ref(name), {"type": "null"}]}


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


def _index_schema() -> dict[str, Any]:
    links = {"type": "object", "additionalProperties": {"type": "string"}}
    return {
        "type": "object",
        "required": ["title", "description", "resources", "links"],
        "properties": {
            "title": {"type": "string"},
            "description": {"type": "string"},
            "resources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "description", "links", "related"],
                    "properties": {
                        "name": {"type": "string"},
                        "description": {"type": "string"},
                        "links": {
                            **links,
                            "description": "URL templates: list, csv, ndjson, and where there is "
                            "one, record and history (`{id}` is the record's id).",
                        },
                        "related": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "Lists scoped to one record of this resource.",
                        },
                    },
                },
            },
            "links": {**links, "description": "The docs, the contracts, GraphQL, the feeds."},
        },
    }


def research_schemas() -> dict[str, Any]:
    return {
        "Index": _index_schema(),
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
