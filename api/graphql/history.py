"""``history`` on every writable record: its revisions as a Relay connection, paged with
``first``/``after`` like every other list, over the same keyset cursors as REST's
``/v1/{resource}/{id}/history`` (``api.curation.history.history_page``). Each resource has
its own revision type (``MissionRevision``), whose ``before`` and ``after`` are typed
documents (``MissionDocument``, ``api.graphql.records``)."""

from __future__ import annotations

import functools
from typing import Annotated, Any

import strawberry

from api.access import Access
from api.curation.history import history_page, revision_cursors
from api.graphql.context import Context
from api.graphql.page_info import PageInfo
from api.graphql.records import document, document_type
from api.query.pages import Page
from api.query.resources import RESOURCES
from api.query.spec import DEFAULT_LIMIT, MAX_LIMIT
from api.query.store import Store

__all__ = ["history_field", "revision_types"]

_ACTOR = "Who made the change: `api` (a write through the API, with its key), `seed` or `import`."
_ORIGIN = "Where a seed load's or an import's record came from: its file and content hash (and git commit)."
_REQUEST_ID = "The API request's X-Request-ID, or the seed load's or import's run id."
_NOTE = "What else to know: a seed load that overwrote an API write names the revision."


@functools.cache
def revision_types(resource: str) -> tuple[Any, Any, Any]:
    """``{Name}Revision``, its edge and its connection."""
    name = RESOURCES[resource].singular.title()
    doc = document_type(resource)
    namespace: dict[str, Any] = {
        "__annotations__": {
            "revision": int,
            "action": str,
            "version": int,
            "actor": str,
            "key_id": str | None,
            "origin": str | None,
            "request_id": str | None,
            "note": str | None,
            "recorded_at": str,
            "before": doc | None,
            "after": doc | None,
        },
        "version": strawberry.field(description="The record's version after this write."),
        "actor": strawberry.field(description=_ACTOR),
        "key_id": strawberry.field(description="The id (never the secret) of the key of an API write."),
        "origin": strawberry.field(description=_ORIGIN),
        "request_id": strawberry.field(description=_REQUEST_ID),
        "note": strawberry.field(description=_NOTE),
        "recorded_at": strawberry.field(description="ISO 8601, UTC."),
        "before": strawberry.field(description="Null for a create."),
        "after": strawberry.field(description="Null for a delete: the tombstone."),
    }
    revision = strawberry.type(
        type(f"{name}Revision", (), namespace),
        name=f"{name}Revision",
        description="One change of a record, whoever made it: who (an API key, a seed load, an "
        "import), from where, when, in which request or run, and the record before and after.",
    )
    edge = strawberry.type(
        type(
            f"{name}RevisionEdge",
            (),
            {
                "__annotations__": {"cursor": str, "node": revision},
                "cursor": strawberry.field(description="This revision's position, for `after`."),
            },
        ),
        name=f"{name}RevisionEdge",
        description="One revision in a page, with its cursor.",
    )
    connection = strawberry.type(
        type(
            f"{name}RevisionConnection",
            (),
            {
                "__annotations__": {
                    "edges": list[edge],  # type: ignore[valid-type]
                    "nodes": list[revision],  # type: ignore[valid-type]
                    "page_info": PageInfo,
                    "total_count": int,
                },
                "total_count": strawberry.field(
                    description="How many revisions the record has (over all pages)."
                ),
            },
        ),
        name=f"{name}RevisionConnection",
        description="A page of a record's revisions, oldest first (Relay connection).",
    )
    return revision, edge, connection


def _page_and_cursors(
    store: Store, resource: str, record_id: str, *, limit: int, cursor: str | None
) -> tuple[Page, list[str]]:
    page = history_page(store, resource, record_id, limit=limit, cursor=cursor)
    return page, revision_cursors(store, resource, record_id, page)


async def _page(access: Access, resource: str, record_id: str, first: int, after: str | None) -> Any:
    revision, edge, connection = revision_types(resource)
    size = max(0, min(first, MAX_LIMIT))
    page, cursors = await access.query(
        _page_and_cursors, resource, record_id, limit=max(size, 1), cursor=after
    )
    if size == 0:  # as the record lists: 0 asks only whether revisions exist
        return connection(
            edges=[],
            nodes=[],
            page_info=PageInfo(has_next_page=bool(page.rows), end_cursor=None),
            total_count=page.count or 0,
        )
    nodes = [
        revision(
            **{
                **{k: row.get(k) for k in revision.__annotations__},
                "before": document(resource, row["before"]),
                "after": document(resource, row["after"]),
            }
        )
        for row in page.rows
    ]
    edges = [edge(cursor=c, node=n) for c, n in zip(cursors, nodes, strict=True)]
    return connection(
        edges=edges,
        nodes=nodes,
        page_info=PageInfo(has_next_page=page.next_cursor is not None, end_cursor=page.next_cursor),
        total_count=page.count or 0,
    )


def history_field(resource: str) -> Any:
    async def resolve(
        root: dict[str, Any],
        info: strawberry.Info[Context, None],
        first: Annotated[
            int,
            strawberry.argument(
                description=f"Page size: {DEFAULT_LIMIT} by default, at most {MAX_LIMIT}; larger values "
                f"are clamped to {MAX_LIMIT}, negative ones to 0."
            ),
        ] = DEFAULT_LIMIT,
        after: Annotated[
            str | None, strawberry.argument(description="The `endCursor` of the previous page.")
        ] = None,
    ) -> Any:
        return await _page(info.context.access, resource, root["id"], first, after)

    return strawberry.field(
        resolver=resolve,
        graphql_type=revision_types(resource)[2],
        description="Every write to this record, oldest first.",
    )
