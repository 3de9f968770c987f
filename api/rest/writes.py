"""Write endpoints: POST a record, PATCH it (JSON merge patch), DELETE it, read its
history. Thin: authenticate, parse the body against the published schema, call the
query layer's Curator, render."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from api.access import Access
from api.curation.bodies import parse_body
from api.curation.history import history_page
from api.curation.keys import Principal, authenticate
from api.curation.permissions import require_curator
from api.curation.writes import Curator
from api.errors import BadRequest
from api.query import DEFAULT_LIMIT, FieldType, Resource, parse_value
from api.query.spec import MAX_LIMIT
from api.rest.options import Option, parse_options, text_option
from api.rest.render import choose_format, json_response, page_body, record_etag

__all__ = ["create", "delete", "history_endpoint", "update"]

_MAX_IDEMPOTENCY_KEY = 200
_IF_MATCH = re.compile(r'^\s*(?:W/)?"?v?(\d{1,18})"?\s*$')


def _access(request: Request) -> Access:
    access: Access = request.app.state.access
    return access


async def _principal(request: Request) -> Principal | None:
    access = _access(request)
    return await access.call(authenticate, access.engine, request.headers.get("authorization"))


def _request_id(request: Request) -> str | None:
    """The id the response carries (``api.service.request_id``: the client's sane one, or
    the server's), so that a revision names the request and its log lines."""
    found: str | None = request.scope.get("peaceops.request_id")
    return found


def _if_match(request: Request) -> int | None:
    """The version an If-Match names; a value that names none can match nothing (-1)."""
    header = request.headers.get("if-match")
    if header is None or not header.strip():
        return None
    match = _IF_MATCH.match(header)
    return int(match.group(1)) if match else -1


async def create(request: Request, resource: Resource) -> Response:
    principal = await _principal(request)
    require_curator(principal)  # before the body: an unauthorized caller learns nothing
    body = parse_body(await request.body(), kind="create", resource=resource.name)
    key = request.headers.get("idempotency-key")
    if key is not None and not 1 <= len(key) <= _MAX_IDEMPOTENCY_KEY:
        raise BadRequest.field("Idempotency-Key", f"must be 1 to {_MAX_IDEMPOTENCY_KEY} characters")
    result = await _access(request).curate(
        Curator.create, principal, resource.name, body, request_id=_request_id(request), idempotency_key=key
    )
    record = result.record
    location = str(request.url_for(f"record_{resource.name}", id=record["id"]))
    headers = {"Location": location, "ETag": record_etag(record["version"])}
    if result.replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(request, record, status=201, headers=headers)


async def update(request: Request, resource: Resource) -> Response:
    principal = await _principal(request)
    require_curator(principal)
    body = parse_body(await request.body(), kind="update", resource=resource.name)
    record_id = request.path_params["id"]
    result = await _access(request).curate(
        Curator.update,
        principal,
        resource.name,
        record_id,
        body,
        if_match=_if_match(request),
        request_id=_request_id(request),
    )
    return json_response(request, result.record, headers={"ETag": record_etag(result.record["version"])})


async def delete(request: Request, resource: Resource) -> Response:
    principal = await _principal(request)
    record_id = request.path_params["id"]
    await _access(request).curate(
        Curator.delete,
        principal,
        resource.name,
        record_id,
        if_match=_if_match(request),
        request_id=_request_id(request),
    )
    return Response(status_code=204)


def _page_size(raw: str) -> int:
    value = int(parse_value(FieldType.integer, raw))
    if not 1 <= value <= MAX_LIMIT:
        raise ValueError(f"must be between 1 and {MAX_LIMIT}")
    return value


_HISTORY_OPTIONS = (Option("limit", _page_size), text_option("cursor"))


def history_endpoint(resource: Resource) -> Callable[[Request], Awaitable[Response]]:
    """``GET /v1/{resource}/{id}/history``: a page of revisions, oldest first, with the
    body, cursor and ``Link`` header of every other list."""

    async def endpoint(request: Request) -> Response:
        options = parse_options(list(request.query_params.multi_items()), _HISTORY_OPTIONS)
        choose_format(request, None, streams=False)
        page = await _access(request).query(
            history_page,
            resource.name,
            request.path_params["id"],
            limit=options.get("limit", DEFAULT_LIMIT),
            cursor=options.get("cursor"),
        )
        body, next_url = page_body(request, page, None, ())
        headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else None
        return json_response(request, body, headers=headers)

    return endpoint
