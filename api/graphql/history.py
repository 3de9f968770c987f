"""``history`` on every writable record: its revisions as a Relay connection, paged with
``first``/``after`` like every other list, over the same keyset cursors as REST's
``/v1/{resource}/{id}/history`` (``api.curation.history.history_page``)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from api.access import Access
from api.curation.history import history_page, revision_cursors
from api.graphql.context import Context
from api.graphql.page_info import PageInfo
from api.query.pages import Page
from api.query.spec import DEFAULT_LIMIT, MAX_LIMIT
from api.query.store import Store

__all__ = ["Revision", "RevisionConnection", "history_field"]


@strawberry.type(description="One write to a record: who (key id), when, and the record before and after.")
class Revision:
    revision: int
    action: str
    version: int = strawberry.field(description="The record's version after this write.")
    key_id: str | None
    request_id: str | None
    recorded_at: str = strawberry.field(description="ISO 8601, UTC.")
    before: JSON | None
    after: JSON | None = strawberry.field(description="Null for a delete: the tombstone.")


@strawberry.type(description="One revision in a page, with its cursor.")
class RevisionEdge:
    cursor: str = strawberry.field(description="This revision's position, for `after`.")
    node: Revision


@strawberry.type(description="A page of a record's revisions, oldest first (Relay connection).")
class RevisionConnection:
    edges: list[RevisionEdge]
    nodes: list[Revision]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many revisions the record has (over all pages).")


def _page_and_cursors(
    store: Store, resource: str, record_id: str, *, limit: int, cursor: str | None
) -> tuple[Page, list[str]]:
    page = history_page(store, resource, record_id, limit=limit, cursor=cursor)
    return page, revision_cursors(store, resource, record_id, page)


async def _page(
    access: Access, resource: str, record_id: str, first: int, after: str | None
) -> RevisionConnection:
    size = max(0, min(first, MAX_LIMIT))
    page, cursors = await access.query(
        _page_and_cursors, resource, record_id, limit=max(size, 1), cursor=after
    )
    if size == 0:  # as the record lists: 0 asks only whether revisions exist
        return RevisionConnection(
            edges=[],
            nodes=[],
            page_info=PageInfo(has_next_page=bool(page.rows), end_cursor=None),
            total_count=page.count or 0,
        )
    nodes = [Revision(**row) for row in page.rows]
    edges = [RevisionEdge(cursor=c, node=n) for c, n in zip(cursors, nodes, strict=True)]
    return RevisionConnection(
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
    ) -> RevisionConnection:
        return await _page(info.context.access, resource, root["id"], first, after)

    return strawberry.field(resolver=resolve, description="Every write to this record, oldest first.")
