"""The OpenAPI component schemas of the research operations (figures, snapshot,
contributions, series, meta)."""

from __future__ import annotations

from typing import Any

from api.query.numbers import AS_WRITTEN, count_rule
from api.query.resources import RESOURCES
from api.research.contributions import CONTRIBUTION_RULES
from api.research.figures import FIGURE_RULES
from api.research.series import SERIES_RULES

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


def _number(description: str = "", *, nullable: bool = False) -> dict[str, Any]:
    """A figure: a JSON number, written as people write it (``api.query.numbers``)."""
    text = (description + " " if description else "") + AS_WRITTEN
    return {"type": ["number", "null"] if nullable else "number", "description": text}


def _contribution_schemas() -> dict[str, Any]:
    number = _number()
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
        "Gap": {
            **_object(
                ["value", "low", "high", "unit"],
                {
                    "value": _number("Null when low and high differ.", nullable=True),
                    "low": number,
                    "high": number,
                    "unit": _ref("Unit"),
                },
                "A figure as a range: pledged minus delivered, or a level of a series (value null "
                "when low and high differ).",
            ),
            **count_rule("value", "low", "high"),
        },
        "Comparison": _object(list(comparison), comparison, "A pledge against its delivery, in one unit."),
        "ContributorGap": _object(
            list(contributor), contributor, "One contributor's pledges and deliveries."
        ),
        "MissionFunding": _object(list(funding), funding, "The mission's money against its cost estimate."),
        "Contributions": _object(list(contributions), contributions, CONTRIBUTION_RULES),
    }


def _series_schemas() -> dict[str, Any]:
    sources = {"type": "array", "items": _ref("Source")}
    ids = {"type": "array", "items": {"type": "string"}}
    point = {
        "date": _DATE,
        "value": _number(
            "The report's value; for a sum, the sum (null when it is a range: see level).", nullable=True
        ),
        "unit": _ref("Unit"),
        "level": _ref("Gap"),
        "basis": {
            "type": ["string", "null"],
            "enum": ["mission", "contributors", None],
            "description": "mission: a mission-wide report; contributors: the sum of the contributors' "
            "own figures, on a date before the mission's first mission-wide report; null: a point of "
            "one contributor's series.",
        },
        "confidence": _ref("Confidence"),
        "increment": {"type": "boolean"},
        "note": {"type": ["string", "null"]},
        "observation": {"type": ["string", "null"], "description": "The report; null for a sum."},
        "observations": {**ids, "description": "Every report the point rests on."},
        "sources": sources,
    }
    line = {
        "kind": {
            "type": "string",
            "description": "ceiling_total, ceiling_military, ceiling_police, ceiling_civilian, or the "
            "metric of the reports that give it (personnel_planned, personnel_authorized, "
            "cost_estimate).",
        },
        "value": _number("Null when the reports of a date disagree (see low and high).", nullable=True),
        "low": _number(),
        "high": _number(),
        "unit": _ref("Unit"),
        "valid_from": _DATE,
        "valid_to": {
            "type": ["string", "null"],
            "format": "date",
            "description": "Its last day: the day before a later record changes it, or the end of "
            "the mission's last mandate; null while nothing later changes it.",
        },
        "mandate": {"type": ["string", "null"], "description": "The instrument that set it."},
        "observation": {"type": ["string", "null"], "description": "The first report that gave it."},
        "mandates": {**ids, "description": "Every instrument that set or restated it."},
        "observations": {**ids, "description": "Every report that gave it."},
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
        "SeriesPoint": {
            **_object(list(point), point, "A report with the level on its date, or a sum of contributors."),
            **count_rule("value"),
        },
        "ReferenceLine": {
            **_object(
                list(line),
                line,
                "A mandate ceiling, a planned or authorized strength, a cost estimate: once, over the "
                "interval in which it held.",
            ),
            **count_rule("value", "low", "high"),
        },
        "Series": _object(list(series), series, "A metric of a mission over time. " + SERIES_RULES),
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
                "citation": {
                    "type": "object",
                    "description": "How to cite the dataset: its year (that of its latest source), "
                    "the version that answered and the URL it is served at.",
                    "required": ["text", "bibtex", "csl_json"],
                    "properties": {
                        "text": {"type": "string"},
                        "bibtex": {"type": "string", "description": "One @misc entry."},
                        "csl_json": {
                            "type": "array",
                            "items": {"type": "object"},
                            "description": "A CSL-JSON document: an array of one dataset item.",
                        },
                    },
                },
            },
        },
        "Figure": {
            "type": "object",
            "description": "What the reports say a metric was. " + FIGURE_RULES,
            "required": ["metric", "value", "low", "high", "unit", "as_of", "agreed", "basis", "reports"],
            "properties": {
                "metric": _ref("Metric"),
                "value": _number("Null when the reports disagree.", nullable=True),
                "low": _number(),
                "high": _number(),
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
            **count_rule("value", "low", "high"),
        },
        "Snapshot": {
            "type": "object",
            "required": [
                "mission",
                "as_of",
                "status",
                "mandate",
                "mandate_note",
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
                "mandate_note": {
                    "type": ["string", "null"],
                    "description": "Null when a mandate is in force; otherwise why none is: none "
                    "recorded yet, or the last one and the day it ran out (`expires_on` is a "
                    "mandate's last day in force).",
                },
                "days_to_expiry": {"type": ["integer", "null"]},
                "figures": {"type": "array", "items": _ref("Figure")},
                "rules": {"type": "string"},
                "dataset_version": {"type": "string"},
            },
        },
    }
