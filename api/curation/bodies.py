"""Request bodies of the writes: their JSON Schemas (create and update, separate from the
read schema), generated from the resource declarations and the record schemas, published
in the OpenAPI contract and enforced on every request, so the contract and the server
accept exactly the same bodies."""

from __future__ import annotations

import functools
import json
import typing
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from api.curation.documents import WRITABLE, read_only, read_only_problems
from api.curation.records import DOCUMENT_URL_PATTERN, RECORD_SCHEMAS
from api.errors import BadRequest, FieldProblem, InvalidRecord
from api.query import RESOURCES, FieldType
from api.query.numbers import EXACT_LIMIT, count_rule

__all__ = ["check_body", "create_schema", "parse_body", "update_schema"]

_SLUG = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "minLength": 1, "maxLength": 160}
# INTEGER columns are 32-bit on PostgreSQL; the body schema says so, so no engine error
# can follow from a schema-valid body.
_INT32 = {"type": "integer", "minimum": -(2**31), "maximum": 2**31 - 1}
# Text columns hold no NUL character on PostgreSQL.
_NO_NUL = "^[^\\x00]*$"


def _value(resource: str, name: str) -> dict[str, Any]:
    decl = RESOURCES[resource].field(name)
    if decl.type is FieldType.enum and decl.enum is not None:
        return {"type": "string", "enum": [m.value for m in decl.enum]}
    if decl.type is FieldType.date:
        return {"type": "string", "format": "date"}
    if decl.type is FieldType.integer:
        return dict(_INT32)
    if decl.type is FieldType.number:
        # A figure is stored as a double: within 2**53 every whole figure is exact (and
        # a 65-bit integer could not even be fingerprinted), so the body says so.
        return {"type": "number", "minimum": -EXACT_LIMIT, "maximum": EXACT_LIMIT}
    if decl.type is FieldType.boolean:
        return {"type": "boolean"}
    if decl.type is FieldType.ref:
        return dict(_SLUG)
    if decl.type is FieldType.strings:  # ids of records, or free terms
        items = dict(_SLUG) if decl.references else {"type": "string", "minLength": 1, "pattern": _NO_NUL}
        return {"type": "array", "items": items}
    if (resource, name) == ("sources", "url"):  # one document, not a home page (api.curation.records)
        return {"type": "string", "pattern": DOCUMENT_URL_PATTERN}
    field = RECORD_SCHEMAS[resource].model_fields[name]
    schema: dict[str, Any] = {"type": "string", "pattern": _NO_NUL}
    for constraint in field.metadata:
        if getattr(constraint, "max_length", None) is not None:
            schema["maxLength"] = constraint.max_length
    return schema


def _children(resource: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "sources" in WRITABLE[resource]:
        out["sources"] = {
            "type": "array",
            "items": dict(_SLUG),
            "minItems": 1,
            "description": "Ids of the sources that state this record.",
        }
    if "votes" in WRITABLE[resource]:
        out["votes"] = {
            "type": "object",
            "additionalProperties": False,
            "description": "Per-member votes by choice; together exactly the Council of the year.",
            "properties": {
                c: {"type": "array", "items": dict(_SLUG)} for c in ("yes", "no", "abstain", "absent")
            },
        }
    if "actors" in WRITABLE[resource]:
        out["actors"] = {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["contributor", "role", "stance"],
                "properties": {
                    "contributor": dict(_SLUG),
                    "role": _value_enum("ActorRole"),
                    "stance": _value_enum("Stance"),
                },
            },
        }
    return out


def _value_enum(name: str) -> dict[str, Any]:
    from api.models import enums

    return {"type": "string", "enum": [m.value for m in getattr(enums, name)]}


def _accepts_none(annotation: Any) -> bool:
    return type(None) in typing.get_args(annotation)


def _writable_fields(resource: str) -> list[str]:
    return [f for f in RESOURCES[resource].field_names if f not in read_only(resource)]


@functools.cache
def create_schema(resource: str) -> dict[str, Any]:
    model = RECORD_SCHEMAS[resource].model_fields
    props: dict[str, Any] = {}
    required = []
    for name in _writable_fields(resource):
        schema = _value(resource, name)
        if _accepts_none(model[name].annotation):
            schema = {"anyOf": [schema, {"type": "null"}]}
        if model[name].is_required():
            required.append(name)
        props[name] = schema
    props.update(_children(resource))
    if "sources" in props:
        required.append("sources")
    schema = {"type": "object", "additionalProperties": False, "properties": props, "required": required}
    if resource == "observations":  # a count is a whole number (api.curation.records)
        schema.update(count_rule("value"))
    if resource == "sources":  # one document: its URL, its UN symbol, or a note on why neither
        schema["anyOf"] = [
            {"required": [name], "properties": {name: {"type": "string", "minLength": 1}}}
            for name in ("url", "symbol", "note")
        ]
    return schema


@functools.cache
def update_schema(resource: str) -> dict[str, Any]:
    """A JSON merge patch: any writable field; ``null`` clears an optional one."""
    base = create_schema(resource)
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": base["properties"],
        "minProperties": 1,
    }  # rules over the whole record apply to the patched record: a 409 where it breaks them


@functools.cache
def _validator(kind: str, resource: str) -> Draft202012Validator:
    schema = create_schema(resource) if kind == "create" else update_schema(resource)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def parse_body(raw: bytes, *, kind: str, resource: str) -> dict[str, Any]:
    """The body as a JSON object that matches the published schema; 400 when it is not
    JSON, 422 naming each field that breaks the schema."""
    return check_body(_loads(raw), kind=kind, resource=resource)


def _loads(raw: bytes) -> Any:
    try:
        # The standard parser keeps integers exact at any size, so the schema's int64
        # bounds see the number that was sent (orjson would round it to a float).
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise BadRequest.field("body", "is not valid JSON") from None
    return body


def check_body(body: Any, *, kind: str, resource: str) -> dict[str, Any]:
    """A decoded body (REST's JSON, GraphQL's JSON input) against the published schema."""
    if not isinstance(body, dict):
        raise InvalidRecord(
            "body: must be a JSON object", errors=[FieldProblem("body", "must be a JSON object")]
        )
    problems = read_only_problems(resource, body) + [
        FieldProblem(".".join(str(p) for p in error.absolute_path) or "body", error.message)
        for error in sorted(_validator(kind, resource).iter_errors(body), key=lambda e: list(e.absolute_path))
    ]
    if problems:
        raise InvalidRecord("; ".join(f"{p.field}: {p.message}" for p in problems[:10]), errors=problems[:20])
    return body
