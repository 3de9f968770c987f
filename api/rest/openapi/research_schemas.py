"""The OpenAPI component schemas of the research answers (figures, snapshot,
contributions, series, meta), generated from their declarations in
``api.research.types``; and the index's schema, which only REST serves."""

from __future__ import annotations

import dataclasses
from typing import Any

from api.query.numbers import AS_WRITTEN, count_rule
from api.query.resources import RESOURCES
from api.research import shapes as S
from api.research.types import RESULT_TYPES

__all__ = ["research_schemas"]

_REF = "#/components/schemas/"
# Answers the contract has always spelled inside DatasetMeta rather than as components.
_INLINE = frozenset({"Counts", "Licenses", "Citation"})
# Answers REST gives with the dataset version that answered (``api.rest.research``).
_VERSIONED = frozenset({"Snapshot", "Contributions", "Series"})
_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    dict: {"type": "object"},
    S.Kind.DAY: {"type": "string", "format": "date"},
    S.Kind.RECORD_ID: {"type": "string"},
    S.Kind.COUNT: {"type": "integer", "minimum": 0},
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _value(shape: S.FieldShape) -> dict[str, Any]:
    """The schema of one value of the field (a list's item), without null."""
    base, mark = shape.base, shape.mark
    if isinstance(mark, S.Record):
        return _ref(RESOURCES[mark.resource].singular.capitalize())
    if shape.literals:
        return {"type": "string", "enum": list(shape.literals)}
    if shape.model_enum is not None:
        return _ref(shape.model_enum.__name__)
    if isinstance(base, type) and dataclasses.is_dataclass(base):
        return _object(base) if base.__name__ in _INLINE else _ref(base.__name__)
    return dict(_SCALARS[mark if mark in _SCALARS else base])


def _field(shape: S.FieldShape) -> dict[str, Any]:
    schema = _value(shape)
    if shape.many:
        schema = {"type": "array", "items": schema}
    if shape.nullable:
        if "type" in schema:
            schema["type"] = [schema["type"], "null"]
            if "enum" in schema:
                schema["enum"] = [*schema["enum"], None]
        else:
            schema = {"anyOf": [schema, {"type": "null"}]}
    text = shape.description
    if shape.mark is S.Kind.QUANTITY:  # a figure: written as people write it
        text = f"{text} {AS_WRITTEN}" if text else AS_WRITTEN
    return {**schema, "description": text} if text else schema


def _object(cls: type) -> dict[str, Any]:
    shapes = S.shapes(cls)
    out: dict[str, Any] = {
        "type": "object",
        "required": [s.name for s in shapes],
        "properties": {s.name: _field(s) for s in shapes},
        "description": S.description(cls),
    }
    figures = [s.name for s in shapes if s.mark is S.Kind.QUANTITY]
    if figures and "unit" in out["properties"]:
        out.update(count_rule(*figures))
    return out


def _with_version(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        **schema,
        "required": [*schema["required"], "dataset_version"],
        "properties": {**schema["properties"], "dataset_version": {"type": "string"}},
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
    schemas: dict[str, Any] = {"Index": _index_schema()}
    for cls in RESULT_TYPES:
        if cls.__name__ not in _INLINE:
            schema = _object(cls)
            schemas[cls.__name__] = _with_version(schema) if cls.__name__ in _VERSIONED else schema
    return schemas
