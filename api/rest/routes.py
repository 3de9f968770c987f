"""The /v1 route table, as data, generated from the resource declarations."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api.curation.documents import WRITABLE
from api.query import RESOURCES, Resource
from api.query.resources import RELATIONS
from api.rest import writes
from api.rest.citation import meta_endpoint, source_endpoint
from api.rest.endpoints import get_record, list_endpoint
from api.rest.feeds import atom_endpoint, ics_endpoint
from api.rest.research import contributors_endpoint, series_endpoint, snapshot_endpoint

__all__ = ["EXPORTS", "TOP_LEVEL", "v1_routes"]

TOP_LEVEL = (
    "missions",
    "resolutions",
    "mandates",
    "contributors",
    "observations",
    "events",
    "sources",
    "votes",
)
# Every top-level list also has an export operation per format: /v1/events.csv,
# /v1/events.ndjson (one media type each, which typed clients can call).
EXPORTS = ("csv", "ndjson")
Endpoint = Callable[[Request], Awaitable[Response]]


def _collection(resource: Resource) -> Endpoint:
    """``/v1/{resource}``: GET lists, POST creates."""
    listing = list_endpoint(resource)

    async def endpoint(request: Request) -> Response:
        if request.method == "POST":
            return await writes.create(request, resource)
        return await listing(request)

    return endpoint


def _record(resource: Resource) -> Endpoint:
    """``/v1/{resource}/{id}``: GET reads (a source also as a citation), PATCH updates,
    DELETE deletes."""
    citation = source_endpoint() if resource.name == "sources" else None

    async def endpoint(request: Request) -> Response:
        if request.method == "PATCH":
            return await writes.update(request, resource)
        if request.method == "DELETE":
            return await writes.delete(request, resource)
        if citation is not None:
            return await citation(request)
        return await get_record(request, resource)

    return endpoint


def research_routes() -> list[Route]:
    """The operations that answer questions rather than list records."""
    return [
        Route("/missions/{id}/snapshot", snapshot_endpoint, methods=["GET"], name="mission_snapshot"),
        Route(
            "/missions/{id}/contributors", contributors_endpoint, methods=["GET"], name="mission_contributors"
        ),
        Route("/missions/{id}/series", series_endpoint, methods=["GET"], name="mission_series"),
        Route("/meta", meta_endpoint, methods=["GET"], name="meta"),
        Route("/events.atom", atom_endpoint, methods=["GET"], name="events_atom"),
        Route("/mandates.ics", ics_endpoint, methods=["GET"], name="mandates_ics"),
    ]


def v1_routes() -> list[Route]:
    routes = []
    for name in TOP_LEVEL:
        methods = ["GET", "POST"] if name in WRITABLE else ["GET"]
        routes.append(Route(f"/{name}", _collection(RESOURCES[name]), methods=methods, name=f"list_{name}"))
        for fmt in EXPORTS:
            routes.append(
                Route(
                    f"/{name}.{fmt}",
                    list_endpoint(RESOURCES[name], export=fmt),
                    methods=["GET"],
                    name=f"export_{name}_{fmt}",
                )
            )
    for relation in RELATIONS:
        child, parent = RESOURCES[relation.child], RESOURCES[relation.parent]
        routes.append(
            Route(
                f"/{relation.parent}/{{id}}/{relation.child}",
                list_endpoint(child, parent=parent, scoped_field=relation.field),
                methods=["GET"],
                name=f"list_{relation.parent}_{relation.child}",
            )
        )
    routes += research_routes()
    for name in TOP_LEVEL:
        resource = RESOURCES[name]
        if resource.key != ("id",):
            continue
        methods = ["GET", "PATCH", "DELETE"] if name in WRITABLE else ["GET"]
        routes.append(Route(f"/{name}/{{id}}", _record(resource), methods=methods, name=f"record_{name}"))
        if name in WRITABLE:
            routes.append(
                Route(
                    f"/{name}/{{id}}/history",
                    writes.history_endpoint(resource),
                    methods=["GET"],
                    name=f"history_{name}",
                )
            )
    return routes
