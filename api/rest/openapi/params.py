"""The contract's field value schemas and the query parameters of its list and record
operations, from the resource declarations and the parser's own filter list
(``api.rest.params.filter_parameters``): what ``api.rest.openapi`` assembles."""

from __future__ import annotations

from enum import Enum
from typing import Any

from api.query import OPERATORS, FieldType, Resource
from api.query.resources import RELEVANCE_DOC
from api.rest.feeds import FEED_EXCLUDED
from api.rest.openapi.examples import EXAMPLE_IDS
from api.rest.params import filter_parameters

__all__ = [
    "REF",
    "TEXT",
    "array_param",
    "feed_parameters",
    "format_param",
    "id_param",
    "list_parameters",
    "projection_params",
    "ref",
    "value_schema",
]

REF = "#/components/schemas/"


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def _enum_name(enum: type[Enum]) -> str:
    return enum.__name__


def value_schema(decl: Any) -> dict[str, Any]:
    t = decl.type
    if t is FieldType.enum:
        return ref(_enum_name(decl.enum))
    if t is FieldType.date:
        return {"type": "string", "format": "date"}
    if t is FieldType.integer:
        return {"type": "integer", "minimum": -(2**31), "maximum": 2**31 - 1}  # INTEGER columns
    if t is FieldType.number:
        return {"type": "number"}
    if t is FieldType.boolean:
        return {"type": "boolean"}
    if t is FieldType.timestamp:
        return {"type": "string", "format": "date-time"}
    if t is FieldType.strings:
        return {"type": "array", "items": {"type": "string"}}
    return {"type": "string"}


# What the parser accepts as a text value: not empty, no NUL.
TEXT = {"type": "string", "minLength": 1, "pattern": "^[^\\x00]+$"}


def _param_value_schema(decl: Any, op: str) -> dict[str, Any]:
    if op == "contains" or decl.type in (FieldType.string, FieldType.ref, FieldType.strings):
        return dict(TEXT)
    return value_schema(decl)


LIST_SPELLING = (
    " A list: repeat the parameter (`{name}=a&{name}=b`, as generated clients send it) or "
    "separate the values with commas (`{name}=a,b`)."
)


def array_param(name: str, items: dict[str, Any], description: str) -> dict[str, Any]:
    """A list parameter in OpenAPI's default spelling (``form``, ``explode: true``: the key
    repeated), which generators send; the server also takes the values comma-separated."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "style": "form",
        "explode": True,
        "description": description + LIST_SPELLING.format(name=name),
        "schema": {"type": "array", "items": items, "minItems": 1},
    }


def _filter_param(name: str, decl: Any, op: str) -> dict[str, Any]:
    operator = OPERATORS[op]
    description = (decl.description + " " if decl.description else "") + f"Filter: {operator.description}."
    if operator.takes_bool:
        return {
            "name": name,
            "in": "query",
            "required": False,
            "description": description,
            "schema": {"type": "boolean"},
        }
    value = _param_value_schema(decl, op)
    if operator.takes_list:
        if value.get("pattern") == TEXT["pattern"]:
            # The server also splits each value at commas, so an item holds none.
            value = {**value, "pattern": "^[^\\x00,]+$"}
        return array_param(name, value, description)
    return {"name": name, "in": "query", "required": False, "description": description, "schema": value}


def list_parameters(resource: Resource, exclude: str | None) -> list[dict[str, Any]]:
    params = [_filter_param(n, d, o) for n, d, o in filter_parameters(resource, exclude)]
    sort_values = [v for f in resource.sortable for v in (f, "-" + f)]
    params += [
        array_param(
            "sort",
            {"type": "string", "enum": sort_values},
            "Sort keys, `-` for descending; later repeats of a field are ignored. "
            "Default: "
            + ",".join(str(k) for k in resource.default_sort)
            + "."
            + (" " + RELEVANCE_DOC if resource.searchable else ""),
        ),
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "description": "Page size.",
            "schema": {"type": "integer", "minimum": 1, "maximum": resource.max_limit, "default": 50},
        },
        {
            "name": "cursor",
            "in": "query",
            "required": False,
            "description": "The `next_cursor` of the previous page, unchanged.",
            "schema": dict(TEXT),
        },
        *projection_params(resource),
    ]
    if resource.groupable:
        params.append(
            array_param(
                "group_by",
                {"type": "string", "enum": list(resource.groupable)},
                "Count the matching rows per combination of these fields instead of listing "
                f"them; each group lists its {resource.group_lists}s. Every group is returned "
                "at once, in the order of the group fields; sort, cursor, fields, expand and "
                "limit do not apply to a grouped answer and are ignored (named in meta.ignored).",
            )
        )
    if resource.searchable:
        params.append(
            {
                "name": "q",
                "in": "query",
                "required": False,
                "description": "Full-text search over names, titles, summaries and "
                "cited source titles; all words must match.",
                "schema": dict(TEXT),
            }
        )
    if resource.as_of is not None:
        params.append(
            {
                "name": "as_of",
                "in": "query",
                "required": False,
                "description": f"The world as it stood that day: `{resource.as_of}` on or "
                "before it (records with no date are kept).",
                "schema": {"type": "string", "format": "date"},
            }
        )
    return params


def format_param(resource: Resource, scoped_field: str | None) -> dict[str, Any]:
    """A JSON list's ``format``: the contract declares JSON only (one media type, which
    typed clients can parse); the description says what the URL also answers to curl."""
    where = f"/v1/{resource.name}"
    scoped = f"?{scoped_field}={{id}}" if scoped_field else ""
    return {
        "name": "format",
        "in": "query",
        "required": False,
        "description": "`json`, the default: this operation answers a JSON page. For curl and "
        "scripts, the same URL also streams every matching row (`limit` caps it, `cursor` "
        "starts after a page) with `format=csv` or `format=ndjson`, or with "
        "`Accept: text/csv` or `application/x-ndjson` and no `format`: exactly what "
        f"`GET {where}.csv{scoped}` and `GET {where}.ndjson{scoped}` answer, the operations "
        "a typed client calls for an export. Any other value is a 400; an Accept header "
        "naming none of JSON, CSV and NDJSON is a 406.",
        "schema": {"type": "string", "enum": ["json"]},
    }


def projection_params(resource: Resource) -> list[dict[str, Any]]:
    """``fields`` and, where the resource has relations, ``expand``: a list's and a
    record's alike."""
    params = [
        array_param(
            "fields",
            {"type": "string", "enum": list(resource.field_names)},
            "Sparse fieldset: only these fields (the key is always kept).",
        )
    ]
    if resource.expansions:
        params.append(
            array_param(
                "expand",
                {"type": "string", "enum": list(resource.expansions)},
                "Related records to include inline.",
            )
        )
    return params


def feed_parameters(resource: Resource) -> list[dict[str, Any]]:
    return [p for p in list_parameters(resource, None) if p["name"] not in FEED_EXCLUDED]


def id_param(resource: Resource) -> dict[str, Any]:
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": f"The {resource.singular}'s id.",
        "example": EXAMPLE_IDS[resource.name],
    }
