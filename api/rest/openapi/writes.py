"""The write half of the OpenAPI contract: create, update and delete operations with the
bearer scheme, If-Match and Idempotency-Key headers, separate create and update schemas,
the history operation, and links from create to get, update, delete and history."""

from __future__ import annotations

from typing import Any

from api.curation.bodies import create_schema, update_schema
from api.curation.documents import WRITABLE
from api.query import DEFAULT_LIMIT, MAX_LIMIT, RESOURCES
from api.rest.openapi.examples import CREATE_EXAMPLES, CREATED_IDS, EXAMPLE_VERSION, EXAMPLES, PATCH_EXAMPLES

__all__ = ["SECURITY_SCHEMES", "write_components", "write_paths"]

SECURITY_SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key with the curate scope (`peaceops keys create --scope curate`).",
    }
}
_SECURED: list[dict[str, list[str]]] = [{"bearer": []}]


def _name(resource: str) -> str:
    return RESOURCES[resource].singular.capitalize()


def _problem(code: str, text: str) -> dict[str, Any]:
    return {
        "description": text,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


_WRITE_ERRORS = {
    "400": "The body is not JSON.",
    "401": "No key, or a malformed, unknown or revoked one (see WWW-Authenticate).",
    "403": "The key lacks the curate scope.",
    "409": "The record refers to records that do not exist, is still referred to, or reuses an "
    "Idempotency-Key for another request.",
    "422": "The body breaks the schema or the record's rules; `errors` names each field.",
}


def _errors(*codes: str, extra: dict[str, str] | None = None) -> dict[str, Any]:
    texts = {**_WRITE_ERRORS, **(extra or {})}
    return {code: _problem(code, texts[code]) for code in codes}


_IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": 'The record\'s ETag (`"v3"`): the write applies only to that version.',
    "schema": {"type": "string", "minLength": 1},
    "example": '"v1"',
}


def _id(resource: str, example: str, description: str) -> dict[str, Any]:
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string"},
        "example": example,
    }


def _links(name: str) -> dict[str, Any]:
    by_id = {"id": "$response.body#/id"}
    with_version = {"id": "$response.body#/id", "header.If-Match": "$response.header.ETag"}
    return {
        f"get{name}": {"operationId": f"get{name}", "parameters": by_id},
        f"update{name}": {"operationId": f"update{name}", "parameters": with_version},
        f"delete{name}": {"operationId": f"delete{name}", "parameters": with_version},
        f"get{name}History": {"operationId": f"get{name}History", "parameters": by_id},
    }


def _create(resource: str) -> dict[str, Any]:
    name = _name(resource)
    return {
        "operationId": f"create{name}",
        "summary": f"Create a {RESOURCES[resource].singular}",
        "tags": [resource],
        "security": _SECURED,
        "description": "The server assigns the id (readable, never reused). A retry with the same "
        "Idempotency-Key returns the first answer instead of creating a second record.",
        "parameters": [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": 200},
            }
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": f"#/components/schemas/{name}Create"},
                    "example": CREATE_EXAMPLES[resource],
                }
            },
        },
        "responses": {
            "201": {
                "description": "Created.",
                "headers": {
                    "Location": {"schema": {"type": "string"}},
                    "ETag": {"schema": {"type": "string"}},
                },
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{name}"},
                        "example": EXAMPLES[resource],
                    }
                },
                "links": _links(name),
            },
            **_errors("400", "401", "403", "409", "422"),
        },
    }


def _update(resource: str) -> dict[str, Any]:
    name = _name(resource)
    return {
        "operationId": f"update{name}",
        "summary": f"Update a {RESOURCES[resource].singular}",
        "tags": [resource],
        "security": _SECURED,
        "description": "A JSON merge patch (RFC 7396): the fields given replace the stored ones; "
        "`null` clears an optional field. Needs If-Match with the current ETag. The body is read "
        "as a merge patch whatever its Content-Type says (`application/json` is fine too).",
        "parameters": [
            _id(resource, EXAMPLES[resource]["id"], f"The {RESOURCES[resource].singular}'s id."),
            _IF_MATCH,
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/merge-patch+json": {
                    "schema": {"$ref": f"#/components/schemas/{name}Update"},
                    "example": PATCH_EXAMPLES[resource],
                },
            },
        },
        "responses": {
            "200": {
                "description": "The updated record.",
                "headers": {"ETag": {"schema": {"type": "string"}}},
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{name}"},
                        "example": EXAMPLES[resource],
                    }
                },
            },
            **_errors("400", "401", "403", "404", "409", "412", "422", "428", extra=_PRECONDITIONS),
        },
    }


_PRECONDITIONS = {
    "404": "No record with that id.",
    "412": "If-Match names a version that is no longer current: read the record again.",
    "428": "If-Match is missing.",
}


def _delete(resource: str) -> dict[str, Any]:
    name = _name(resource)
    return {
        "operationId": f"delete{name}",
        "summary": f"Delete a {RESOURCES[resource].singular}",
        "tags": [resource],
        "security": _SECURED,
        "description": "Deletes the record and leaves a tombstone in its history; its id is never "
        "reused. Refused (409) while other records refer to it (every record of the dataset "
        "is cited or referred to: the example deletes the record the create example makes).",
        "parameters": [
            _id(resource, CREATED_IDS[resource], f"The {RESOURCES[resource].singular}'s id."),
            _IF_MATCH,
        ],
        "responses": {
            "204": {"description": "Deleted."},
            **_errors("401", "403", "404", "409", "412", "428", extra=_PRECONDITIONS),
        },
    }


def _history(resource: str) -> dict[str, Any]:
    name = _name(resource)
    singular = RESOURCES[resource].singular
    example = {
        "data": [],
        "meta": {"count": 0, "next_cursor": None, "dataset_version": EXAMPLE_VERSION},
        "links": {"self": f"/v1/{resource}/{EXAMPLES[resource]['id']}/history", "next": None},
    }
    return {
        "operationId": f"get{name}History",
        "summary": f"The revisions of a {singular}",
        "tags": [resource],
        "description": f"Every write to the {singular} through the API, oldest first, paged like every "
        "other list (`limit`, opaque `cursor`, `links.next` and a `Link` header); a delete ends "
        "in a tombstone (`after: null`), and a deleted record keeps its history. A seeded record "
        "that was never written has none.",
        "security": [],
        "parameters": [
            _id(resource, EXAMPLES[resource]["id"], f"The {singular}'s id (a deleted one's too)."),
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "description": "Page size.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
            },
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "The `next_cursor` of the previous page, unchanged.",
                "schema": {"type": "string", "minLength": 1, "pattern": "^[^\\x00]+$"},
            },
        ],
        "responses": {
            "200": {
                "description": "A page of revisions, oldest first.",
                "headers": {
                    "ETag": {"schema": {"type": "string"}},
                    "Link": {
                        "schema": {"type": "string"},
                        "description": 'rel="next" when there is another page',
                    },
                },
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/RevisionList"},
                        "example": example,
                    }
                },
            },
            "304": {"description": "Not modified (If-None-Match matched the ETag)."},
            "400": {"$ref": "#/components/responses/400"},
            "404": {"$ref": "#/components/responses/404"},
            "406": {"$ref": "#/components/responses/406"},
        },
    }


def write_paths() -> dict[str, dict[str, Any]]:
    """Operations to merge into the paths: ``{path: {method: operation}}``."""
    paths: dict[str, dict[str, Any]] = {}
    for resource in WRITABLE:
        paths[f"/v1/{resource}"] = {"post": _create(resource)}
        paths[f"/v1/{resource}/{{id}}"] = {"patch": _update(resource), "delete": _delete(resource)}
        paths[f"/v1/{resource}/{{id}}/history"] = {"get": _history(resource)}
    return paths


def write_components() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for resource in WRITABLE:
        name = _name(resource)
        schemas[f"{name}Create"] = {**create_schema(resource), "description": f"A new {resource[:-1]}."}
        schemas[f"{name}Update"] = {**update_schema(resource), "description": "A JSON merge patch."}
    schemas["Revision"] = {
        "type": "object",
        "description": "One change of a record, whoever made it: an API write, a seed load or an import.",
        "required": ["revision", "action", "version", "actor", "recorded_at", "before", "after"],
        "properties": {
            "revision": {"type": "integer"},
            "action": {"$ref": "#/components/schemas/RevisionAction"},
            "version": {"type": "integer", "description": "The record's version after this write."},
            "actor": {
                "type": "string",
                "enum": ["api", "seed", "import"],
                "description": "Who made the change.",
            },
            "key_id": {
                "type": ["string", "null"],
                "description": "The id (never the secret) of the key of an API write.",
            },
            "origin": {
                "type": ["string", "null"],
                "description": "A seed load's or an import's file and content hash (and git commit).",
            },
            "request_id": {
                "type": ["string", "null"],
                "description": "The API request's X-Request-ID, or the seed load's or import's run id.",
            },
            "note": {
                "type": ["string", "null"],
                "description": "What else to know (an --overwrite seed load names what it overwrote).",
            },
            "recorded_at": {"type": "string", "format": "date-time"},
            "before": {"type": ["object", "null"]},
            "after": {"type": ["object", "null"], "description": "Null for a delete: the tombstone."},
        },
    }
    schemas["RevisionList"] = {
        "type": "object",
        "required": ["data", "meta", "links"],
        "properties": {
            "data": {"type": "array", "items": {"$ref": "#/components/schemas/Revision"}},
            "meta": {"$ref": "#/components/schemas/PageMeta"},
            "links": {"$ref": "#/components/schemas/PageLinks"},
        },
    }
    return schemas
