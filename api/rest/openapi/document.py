"""The OpenAPI 3.1 contract, generated from the resource declarations and the route
table: the same lists the parser and the router use, so they cannot disagree."""

from __future__ import annotations

import functools
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from api.curation.documents import WRITABLE
from api.models import enums
from api.query import RESOURCES, Resource
from api.query.hints import MAX_SUGGESTIONS
from api.query.numbers import count_rule
from api.query.resources import RELATIONS, RELEVANCE, RELEVANCE_DOC
from api.rest.openapi.examples import EXAMPLE_VERSION, EXAMPLES
from api.rest.openapi.exports import export_op
from api.rest.openapi.params import (
    REF,
    feed_parameters,
    format_param,
    id_param,
    list_parameters,
    projection_params,
    ref,
    value_schema,
)
from api.rest.openapi.research import extend_source_get, feed_paths, research_paths, research_schemas
from api.rest.openapi.service import add_service_answers, service_headers, service_responses
from api.rest.openapi.writes import SECURITY_SCHEMES, write_components, write_paths
from api.rest.routes import EXPORTS, TOP_LEVEL

__all__ = ["openapi_document", "openapi_endpoint", "openapi_json"]

_ERRORS = {
    "400": "The request is malformed: an unknown parameter, a bad value, a bad cursor.",
    "404": "No record with that id.",
    "406": "None of the media types in Accept can be produced.",
}
_DESCRIPTION = (
    "Open research data on multinational security missions and peace operations: who "
    "authorized them, under which mandates, who pledged and sent people and money, and what "
    "happened. Every figure cites its sources. Lists are keyset-paginated "
    "(`limit`, opaque `cursor`); filters are `field=value` or `field__op=value`; "
    "`GET /v1/{resource}.csv` and `.ndjson` stream the whole filtered set (curl users: "
    "`format=csv|ndjson` on the list URL does too); list parameters take repeated keys "
    "(`mission__in=a&mission__in=b`) or commas (`mission__in=a,b`). Missing values sort last in "
    "ascending order and first in descending order; the record id breaks ties. "
    "Errors are RFC 9457 problems. Every client has a rate-limit budget (1,200 points per 60 s "
    "by default; a REST request costs 1), stated in the `RateLimit` headers of every answer; "
    "past it, a 429 with `Retry-After`. Browse this contract at /docs; GraphQL is at /graphql."
)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def _record_schema(resource: Resource) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for f in resource.fields:
        schema = value_schema(f)
        if f.nullable:
            schema = _nullable(schema)
        if f.description:
            schema = {**schema, "description": f.description}
        props[f.name] = schema
    if resource.searchable:
        props[RELEVANCE] = {
            "type": "number",
            "minimum": 0,
            "description": "Present with sort=relevance (and q). " + RELEVANCE_DOC,
        }
    children = {"sources": ref("Source"), "votes": ref("MemberVote"), "actors": ref("Actor")}
    for relation in resource.expansions:
        props[relation] = {
            "type": "array",
            "items": children[relation],
            "description": f"Present with expand={relation}.",
        }
    return {
        "type": "object",
        "description": resource.description + " Sparse fieldsets (`fields=`) always keep the key.",
        "properties": props,
        "required": list(resource.key),
        "example": EXAMPLES[resource.name],
    }


def _components() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for name in enums.__all__:
        enum = getattr(enums, name)
        schemas[name] = {
            "type": "string",
            "enum": [m.value for m in enum],
            "description": (enum.__doc__ or name).strip().split("\n")[0],
        }
    for resource in RESOURCES.values():
        schemas[_schema_name(resource)] = _record_schema(resource)
        schemas[_schema_name(resource) + "List"] = {
            "type": "object",
            "properties": {
                "data": {"type": "array", "items": ref(_schema_name(resource))},
                "meta": ref("PageMeta"),
                "links": ref("PageLinks"),
            },
            "required": ["data", "meta", "links"],
        }
    schemas["Observation"].update(count_rule("value"))
    for resource in RESOURCES.values():
        if resource.groupable:
            schemas.update(_group_schemas(resource))
    schemas["MemberVote"] = {
        "type": "object",
        "required": ["member", "vote"],
        "properties": {
            "member": {"type": "string"},
            "vote": ref("VoteChoice"),
            "resolution": {
                "type": "string",
                "description": "The resolution voted on (on a mandate's votes).",
            },
        },
    }
    schemas["Actor"] = {
        "type": "object",
        "required": ["contributor", "role", "stance"],
        "properties": {
            "contributor": {"type": "string"},
            "role": ref("ActorRole"),
            "stance": ref("Stance"),
        },
    }
    schemas["PageMeta"] = {
        "type": "object",
        "required": ["count", "next_cursor", "dataset_version"],
        "properties": {
            "count": {"type": ["integer", "null"], "description": "Rows matching the filters."},
            "dataset_version": {
                "type": "string",
                "description": "The version of the dataset that answered: a content hash that "
                "changes exactly when the data does (see /v1/meta). Cite it with the query.",
            },
            "next_cursor": {
                "type": ["string", "null"],
                "description": "Pass as `cursor` for the next page; null on the last.",
            },
            "warnings": {
                "type": "array",
                "items": ref("Warning"),
                "description": "Present when the answer stands but the request likely has a typing "
                "error: a reference filter's value that is no record's id.",
            },
        },
    }
    schemas["Warning"] = {
        "type": "object",
        "description": "A filter on a reference field (mission, contributor, member, actor, mandate, "
        "resolution, abstainer...) whose value is the id of no record: the list is rightly empty "
        "(or, for `not`, unfiltered), and these ids are the closest by edit distance (GraphQL: "
        "the same in the response's `extensions.warnings`).",
        "required": ["field", "value", "message", "suggestions"],
        "properties": {
            "field": {"type": "string", "description": "The filter."},
            "value": {"type": "string", "description": "The value that names no record."},
            "message": {"type": "string"},
            "suggestions": {
                "type": "array",
                "items": {"type": "string"},
                "maxItems": MAX_SUGGESTIONS,
                "description": "Up to three ids of that resource closest to the value, nearest first.",
            },
        },
    }
    schemas["PageLinks"] = {
        "type": "object",
        "required": ["self", "next"],
        "properties": {"self": {"type": "string"}, "next": {"type": ["string", "null"]}},
    }
    schemas["FieldProblem"] = {
        "type": "object",
        "required": ["field", "message"],
        "properties": {
            "field": {"type": "string"},
            "message": {"type": "string"},
            "allowed": {"type": "array", "items": {"type": "string"}},
        },
    }
    schemas["Problem"] = {
        "type": "object",
        "required": ["type", "title", "status", "detail", "instance"],
        "description": "An RFC 9457 problem.",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "errors": {"type": "array", "items": ref("FieldProblem")},
        },
    }
    schemas.update(research_schemas())
    return {"schemas": schemas, "responses": _problem_responses(), "headers": service_headers()}


def _schema_name(resource: Resource) -> str:
    return resource.singular.capitalize()


def _problem_responses() -> dict[str, Any]:
    return {
        code: {"description": text, "content": {"application/problem+json": {"schema": ref("Problem")}}}
        for code, text in _ERRORS.items()
    }


def _list_schema(resource: Resource) -> dict[str, Any]:
    name = _schema_name(resource)
    if resource.groupable:
        return {"anyOf": [ref(name + "List"), ref(name + "GroupList")]}
    return ref(name + "List")


def _group_schemas(resource: Resource) -> dict[str, Any]:
    name = _schema_name(resource)
    listed = f"{resource.group_lists}s"
    props: dict[str, Any] = {f: value_schema(resource.field(f)) for f in resource.groupable}
    props["count"] = {"type": "integer", "description": "Rows in the group."}
    props[listed] = {"type": "array", "items": {"type": "string"}, "description": f"The group's {listed}."}
    return {
        name + "Group": {
            "type": "object",
            "description": "One group of a group_by answer: the values of the grouped fields only.",
            "required": ["count", listed],
            "properties": props,
        },
        name + "GroupList": {
            "type": "object",
            "properties": {
                "data": {"type": "array", "items": ref(name + "Group")},
                "meta": {
                    "allOf": [ref("PageMeta")],
                    "properties": {
                        "group_by": {"type": "array", "items": {"type": "string"}},
                        "ignored": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "Parameters given that a grouped answer does not use.",
                        },
                    },
                    "required": ["group_by", "ignored"],
                },
                "links": ref("PageLinks"),
            },
            "required": ["data", "meta", "links"],
        },
    }


def _list_op(
    resource: Resource, op_id: str, summary: str, parent: Resource | None, exclude: str | None
) -> dict[str, Any]:
    name = _schema_name(resource)
    example = {
        "data": [EXAMPLES[resource.name]],
        "meta": {"count": 1, "next_cursor": None, "dataset_version": EXAMPLE_VERSION},
        "links": {"self": f"/v1/{resource.name}", "next": None},
    }
    params = [*list_parameters(resource, exclude), format_param(resource, exclude)]
    if parent is not None:
        params.insert(0, id_param(parent))
    responses: dict[str, Any] = {
        "200": {
            "description": "A page of records (with `format=csv|ndjson`, the stream the export "
            "operations answer: see the `format` parameter).",
            "headers": {
                "ETag": {"schema": {"type": "string"}},
                "Link": {
                    "schema": {"type": "string"},
                    "description": 'rel="next" when there is another page',
                },
            },
            "content": {"application/json": {"schema": _list_schema(resource), "example": example}},
        },
        "304": {"description": "Not modified (If-None-Match matched the ETag)."},
        "400": {"$ref": "#/components/responses/400"},
        "406": {"$ref": "#/components/responses/406"},
    }
    if parent is not None:
        responses["404"] = {"$ref": "#/components/responses/404"}
    if resource.key == ("id",):
        responses["200"]["links"] = {
            f"get{name}": {
                "operationId": f"get{name}",
                "parameters": {"id": "$response.body#/data/0/id"},
                "description": f"The first {resource.singular} of the page.",
            }
        }
    return {
        "operationId": op_id,
        "summary": summary,
        "tags": [resource.name],
        "description": resource.description,
        "security": [],
        "parameters": params,
        "responses": responses,
    }


def _get_op(resource: Resource) -> dict[str, Any]:
    name = _schema_name(resource)
    params = [id_param(resource), *projection_params(resource)]
    if resource.name in WRITABLE:
        params.append(
            {
                "name": "as_recorded",
                "in": "query",
                "required": False,
                "description": "The record as it stood at that moment, from its revisions (relations "
                "always included).",
                "schema": {"type": "string", "format": "date-time"},
            }
        )
    links = {
        f"list{_pascal(RESOURCES[n.parent].singular)}{_pascal(n.child)}": {
            "operationId": f"list{_pascal(RESOURCES[n.parent].singular)}{_pascal(n.child)}",
            "parameters": {"id": "$response.body#/id"},
        }
        for n in RELATIONS
        if n.parent == resource.name
    }
    ok: dict[str, Any] = {
        "description": f"The {resource.singular}.",
        "headers": {"ETag": {"schema": {"type": "string"}}},
        "content": {"application/json": {"schema": ref(name), "example": EXAMPLES[resource.name]}},
    }
    if links:
        ok["links"] = links
    return {
        "operationId": f"get{name}",
        "summary": f"One {resource.singular}",
        "tags": [resource.name],
        "description": f"The {resource.singular}, bare (not wrapped in `data`). "
        + ("`expand` includes its related records inline; " if resource.expansions else "")
        + "`fields` keeps only some fields (the id always)."
        + (
            " `as_recorded` gives it as it stood at a past moment, from its revisions."
            if resource.name in WRITABLE
            else ""
        ),
        "security": [],
        "parameters": params,
        "responses": {
            "200": ok,
            "304": {"description": "Not modified."},
            "400": {"$ref": "#/components/responses/400"},
            "404": {"$ref": "#/components/responses/404"},
            "406": {"$ref": "#/components/responses/406"},
        },
    }


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


@functools.cache
def openapi_document() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for name in TOP_LEVEL:
        resource = RESOURCES[name]
        paths[f"/v1/{name}"] = {"get": _list_op(resource, f"list{_pascal(name)}", f"List {name}", None, None)}
        for fmt in EXPORTS:
            paths[f"/v1/{name}.{fmt}"] = {"get": export_op(resource, fmt)}
        if resource.key == ("id",):
            paths[f"/v1/{name}/{{id}}"] = {"get": _get_op(resource)}
    for n in RELATIONS:
        parent, child = RESOURCES[n.parent], RESOURCES[n.child]
        paths[f"/v1/{n.parent}/{{id}}/{n.child}"] = {
            "get": _list_op(
                child,
                f"list{_pascal(RESOURCES[n.parent].singular)}{_pascal(n.child)}",
                f"List the {n.child} of one {parent.singular}",
                parent,
                n.field,
            )
        }
    paths.update(research_paths())
    paths.update(feed_paths(feed_parameters(RESOURCES["events"]), feed_parameters(RESOURCES["mandates"])))
    extend_source_get(paths["/v1/sources/{id}"]["get"])
    for path, operations in write_paths().items():
        paths.setdefault(path, {}).update(operations)
    components = _components()
    add_service_answers(paths, components["responses"])
    components["responses"].update(service_responses())
    components["schemas"].update(write_components())
    components["securitySchemes"] = SECURITY_SCHEMES
    _drop_unused_enums(components["schemas"], paths)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "peaceops",
            "version": "1.0.0",
            "description": _DESCRIPTION,
            "license": {"name": "CC BY 4.0 (data), MIT (code)", "identifier": "CC-BY-4.0"},
            "contact": {"name": "The peaceops curators"},
        },
        "servers": [{"url": "/"}],
        "tags": [
            *({"name": n, "description": RESOURCES[n].description} for n in TOP_LEVEL),
            {"name": "meta", "description": "The dataset itself: version, counts, licences, citation."},
        ],
        "paths": dict(sorted(paths.items())),
        "components": components,
    }


def _drop_unused_enums(schemas: dict[str, Any], paths: dict[str, Any]) -> None:
    """Enums that no operation or schema refers to (an API key's scope) stay out of the
    contract: a client has no use for them."""
    text = orjson.dumps([paths, schemas]).decode()
    for name in enums.__all__:
        if f'"{REF}{name}"' not in text:
            del schemas[name]


def openapi_json() -> str:
    return orjson.dumps(openapi_document(), option=orjson.OPT_INDENT_2).decode() + "\n"


async def openapi_endpoint(request: Request) -> Response:
    return Response(openapi_json(), media_type="application/json")
