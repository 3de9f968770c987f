"""Mutations and history: the curation writes on the GraphQL face, through the same
Curator (permissions, validation, versions, revisions) as REST.

``createMission(input: JSON!, idempotencyKey: String)``, ``updateMission(id:, version:,
patch: JSON!)`` (a JSON merge patch) and ``deleteMission(id:, version:)``; ``version`` is
what REST takes as If-Match. The inputs are JSON objects checked against the same JSON
Schemas that the OpenAPI contract publishes (MissionCreate, MissionUpdate), so the two
faces accept exactly the same records. Every writable type has ``history``
(``api.graphql.history``).
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from api.graphql.context import Context
from api.query import RESOURCES
from api.query.bodies import check_body
from api.query.documents import WRITABLE
from api.query.keys import Principal, authenticate
from api.query.permissions import require_curator

__all__ = ["mutation_type"]


@strawberry.type(description="What a delete removed.")
class Deleted:
    id: strawberry.ID
    resource: str


def _principal(info: strawberry.Info[Context, None]) -> Principal | None:
    request = info.context.request
    header = request.headers.get("authorization") if request is not None else None
    return authenticate(info.context.store.engine, header)


def _request_id(info: strawberry.Info[Context, None]) -> str | None:
    request = info.context.request
    if request is None:
        return None
    found: str | None = getattr(request.state, "request_id", None) or request.headers.get("x-request-id")
    return found


def _create(resource: str, node: Any) -> Any:
    def resolve(info: strawberry.Info[Context, None], input: JSON, idempotency_key: str | None = None) -> Any:
        principal = _principal(info)
        curator = info.context.curator
        require_curator(principal)
        body = check_body(input, kind="create", resource=resource)
        return curator.create(
            principal, resource, body, request_id=_request_id(info), idempotency_key=idempotency_key
        ).record

    return strawberry.mutation(
        resolver=resolve,
        graphql_type=node,
        description=f"Create a {RESOURCES[resource].singular} (needs a curate key).",
    )


def _update(resource: str, node: Any) -> Any:
    def resolve(info: strawberry.Info[Context, None], id: strawberry.ID, version: int, patch: JSON) -> Any:
        principal = _principal(info)
        require_curator(principal)
        body = check_body(patch, kind="update", resource=resource)
        return info.context.curator.update(
            principal, resource, str(id), body, if_match=version, request_id=_request_id(info)
        ).record

    return strawberry.mutation(
        resolver=resolve,
        graphql_type=node,
        description="Apply a JSON merge patch to the record at `version`.",
    )


def _delete(resource: str) -> Any:
    def resolve(info: strawberry.Info[Context, None], id: strawberry.ID, version: int) -> Deleted:
        info.context.curator.delete(
            _principal(info), resource, str(id), if_match=version, request_id=_request_id(info)
        )
        return Deleted(id=id, resource=resource)

    return strawberry.mutation(
        resolver=resolve, description="Delete the record at `version`; its history stays."
    )


def mutation_type(nodes: dict[str, Any]) -> type:
    namespace: dict[str, Any] = {"__doc__": "Curation: writes need Authorization: Bearer KEY (curate scope)."}
    for resource in WRITABLE:
        name = RESOURCES[resource].singular.capitalize()
        namespace[f"create{name}"] = _create(resource, nodes[resource])
        namespace[f"update{name}"] = _update(resource, nodes[resource])
        namespace[f"delete{name}"] = _delete(resource)
    return strawberry.type(type("Mutation", (), namespace), name="Mutation")
