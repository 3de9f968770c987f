"""The /v1 route table, as data, generated from the resource declarations."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.routing import Route

from api.query import RESOURCES, Resource
from api.rest.citation import meta_endpoint, source_endpoint
from api.rest.endpoints import get_endpoint, list_endpoint
from api.rest.feeds import atom_endpoint, ics_endpoint
from api.rest.research import contributors_endpoint, series_endpoint, snapshot_endpoint

__all__ = ["NESTED", "TOP_LEVEL", "Nested", "v1_routes"]

TOP_LEVEL = ("missions", "mandates", "contributors", "observations", "events", "sources", "votes")


@dataclass(frozen=True)
class Nested:
    """``/v1/{parent}/{id}/{child}``: the child list with ``field = id`` fixed."""

    parent: str
    child: str
    field: str


NESTED = (
    Nested("missions", "mandates", "mission"),
    Nested("missions", "events", "mission"),
    Nested("missions", "observations", "mission"),
    Nested("mandates", "votes", "mandate"),
    Nested("contributors", "observations", "contributor"),
    Nested("contributors", "votes", "member"),
)


def _has_get(resource: Resource) -> bool:
    return resource.key == ("id",)


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
        resource = RESOURCES[name]
        routes.append(Route(f"/{name}", list_endpoint(resource), methods=["GET"], name=f"list_{name}"))
    for nested in NESTED:
        routes.append(
            Route(
                f"/{nested.parent}/{{id}}/{nested.child}",
                list_endpoint(
                    RESOURCES[nested.child], parent=RESOURCES[nested.parent], scoped_field=nested.field
                ),
                methods=["GET"],
                name=f"list_{nested.parent}_{nested.child}",
            )
        )
    routes += research_routes()
    for name in TOP_LEVEL:
        resource = RESOURCES[name]
        if _has_get(resource):
            routes.append(
                Route(
                    f"/{name}/{{id}}",
                    source_endpoint() if name == "sources" else get_endpoint(resource),
                    methods=["GET"],
                    name=f"get_{resource.singular}",
                )
            )
    return routes
