"""``group_by=`` on a list: the groups as a JSON page (every group, no cursor) or CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from api.access import Access
from api.errors import BadRequest
from api.query import ListQuery, Resource, Store
from api.research.groups import group_rows, validate_group_by
from api.rest.render import CACHE_CONTROL, json_response

__all__ = ["GROUP_EXCLUDES", "GroupRequest", "groups_response", "split_group_by"]

# A grouped answer is every group at once, in group order, with only the group fields and
# counts: these list parameters do not apply to it and are ignored (named in meta.ignored).
GROUP_EXCLUDES = ("sort", "cursor", "fields", "expand", "limit")


@dataclass(frozen=True)
class GroupRequest:
    fields: tuple[str, ...]
    ignored: tuple[str, ...]  # list parameters given that a grouped answer does not use


def split_group_by(
    resource: Resource, items: list[tuple[str, str]]
) -> tuple[GroupRequest | None, list[tuple[str, str]]]:
    """The ``group_by`` request (None when absent) and the other parameters. With
    ``group_by``, the page parameters are still checked but do not apply (a page's cursor
    means nothing to a grouped answer, so it is dropped unread)."""
    given = [v for k, v in items if k == "group_by"]
    if not given or not resource.groupable:  # elsewhere the parser refuses it as unknown
        return None, items
    rest = [(k, v) for k, v in items if k != "group_by"]
    ignored = tuple(sorted({k for k, _ in rest if k in GROUP_EXCLUDES}))
    # comma-separated, repeated (group_by=a&group_by=b, as generated clients send it), or both
    fields = tuple(",".join(given).split(","))
    if not all(fields):
        raise BadRequest.field("group_by", "needs one or more non-empty values, separated by commas")
    kept = [(k, v) for k, v in rest if k != "cursor"]
    return GroupRequest(validate_group_by(resource, fields), ignored), kept


async def groups_response(
    request: Request,
    access: Access,
    query: ListQuery,
    group: GroupRequest,
    fmt: str,
    warnings: list[dict[str, Any]] | None = None,
) -> Response:
    rows = await access.query(group_rows, query, group.fields)
    if fmt == "csv":
        return Response(
            _csv(rows), media_type="text/csv; charset=utf-8", headers={"Cache-Control": CACHE_CONTROL}
        )
    if fmt == "ndjson":
        content = b"".join(orjson.dumps(r) + b"\n" for r in rows)
        return Response(content, media_type="application/x-ndjson", headers={"Cache-Control": CACHE_CONTROL})
    version = await access.query(Store.dataset_version)
    body: dict[str, Any] = {
        "data": rows,
        "meta": {
            "count": len(rows),
            "next_cursor": None,
            "group_by": list(group.fields),
            "ignored": list(group.ignored),
            "dataset_version": version,
        },
        "links": {"self": str(request.url), "next": None},
    }
    if warnings:
        body["meta"]["warnings"] = warnings
    return json_response(request, body)


def _csv(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if rows:
        writer.writerow(list(rows[0]))
        for row in rows:
            writer.writerow([";".join(v) if isinstance(v, list) else v for v in row.values()])
    return buffer.getvalue().encode()
