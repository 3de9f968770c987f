"""Mutations and history: the curation writes on the GraphQL face, through the same
Curator (permissions, validation, versions, revisions) as REST.

``createMission(input: MissionCreateInput!, idempotencyKey: String)``,
``updateMission(id:, version:, patch: MissionPatchInput!)`` (a JSON merge patch: an absent
field stays, ``null`` clears it) and ``deleteMission(id:, version:)``; ``version`` is what
REST takes as If-Match. The input types are generated from the same declarations as the
JSON Schemas that the OpenAPI contract publishes (MissionCreate, MissionUpdate;
``api.graphql.records``), and each input is checked as the JSON body REST would have
received, against those schemas, by the same Curator: the two faces accept and refuse
exactly the same records, with the same problems (``extensions.errors``). Every writable
type has ``history`` (``api.graphql.history``).
"""

from __future__ import annotations

from typing import Any

import strawberry

from api.curation.bodies import check_body
from api.curation.documents import WRITABLE
from api.curation.keys import Principal, authenticate
from api.curation.permissions import require_curator
from api.curation.writes import Curator
from api.graphql.context import Context
from api.graphql.records import create_input, patch_input, to_body
from api.query import RESOURCES

__all__ = ["mutation_type"]


@strawberry.type(description="What a delete removed.")
class Deleted:
    id: strawberry.ID
    resource: str


async def _principal(info: strawberry.Info[Context, None]) -> Principal | None:
    request = info.context.request
    header = request.headers.get("authorization") if request is not None else None
    access = info.context.access
    return await access.call(authenticate, access.engine, header)


def _request_id(info: strawberry.Info[Context, None]) -> str | None:
    request = info.context.request
    if request is None:
        return None
    # the id the response carries (the client's sane one, or the server's)
    found: str | None = request.scope.get("peaceops.request_id")
    return found


def _create(resource: str, node: Any) -> Any:
    async def resolve(
        info: strawberry.Info[Context, None], input: Any, idempotency_key: str | None = None
    ) -> Any:
        principal = await _principal(info)
        require_curator(principal)
        body = check_body(to_body(input), kind="create", resource=resource)
        result = await info.context.access.curate(
            Curator.create,
            principal,
            resource,
            body,
            request_id=_request_id(info),
            idempotency_key=idempotency_key,
        )
        return result.record

    resolve.__annotations__["input"] = create_input(resource)
    return strawberry.mutation(
        resolver=resolve,
        graphql_type=node,
        description=f"Create a {RESOURCES[resource].singular} (needs a curate key).",
    )


def _update(resource: str, node: Any) -> Any:
    async def resolve(
        info: strawberry.Info[Context, None], id: strawberry.ID, version: int, patch: Any
    ) -> Any:
        principal = await _principal(info)
        require_curator(principal)
        body = check_body(to_body(patch), kind="update", resource=resource)
        result = await info.context.access.curate(
            Curator.update, principal, resource, str(id), body, if_match=version, request_id=_request_id(info)
        )
        return result.record

    resolve.__annotations__["patch"] = patch_input(resource)
    return strawberry.mutation(
        resolver=resolve,
        graphql_type=node,
        description="Apply a JSON merge patch to the record at `version`: only the fields given "
        "change, and null clears one.",
    )


def _delete(resource: str) -> Any:
    async def resolve(info: strawberry.Info[Context, None], id: strawberry.ID, version: int) -> Deleted:
        principal = await _principal(info)
        await info.context.access.curate(
            Curator.delete, principal, resource, str(id), if_match=version, request_id=_request_id(info)
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
