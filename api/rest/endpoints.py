"""Thin endpoints: parse, call the query layer, render."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import Response

from api.access import Access
from api.curation.documents import WRITABLE, readable
from api.curation.history import as_recorded
from api.errors import BadRequest
from api.query import Condition, ListQuery, Resource, Store
from api.query.hints import filter_warnings
from api.query.store import JsonPage
from api.rest.groups import groups_response
from api.rest.params import parse_get, parse_timestamp
from api.rest.parsed import ListParser
from api.rest.render import (
    choose_format,
    csv_stream,
    json_response,
    ndjson_stream,
    page_body,
    page_json_body,
    record_etag,
    text_stream,
    with_children,
)

__all__ = ["get_record", "list_endpoint", "record_options", "record_parameters"]

Endpoint = Callable[[Request], Awaitable[Response]]
_T = TypeVar("_T")


def _access(request: Request) -> Access:
    access: Access = request.app.state.access
    return access


def list_endpoint(
    resource: Resource,
    *,
    parent: Resource | None = None,
    scoped_field: str | None = None,
    export: str | None = None,
) -> Endpoint:
    """``GET /v1/{resource}``, or ``GET /v1/{parent}/{id}/{resource}`` when ``parent`` is
    given: the same list with ``scoped_field = id`` fixed, after checking the parent. With
    ``export`` (csv or ndjson), ``GET /v1/{resource}.csv``: the same list in the format
    its path names, whatever ``Accept`` says; ``format=`` is not one of its parameters."""
    parser = ListParser(resource, scoped_field)

    async def endpoint(request: Request) -> Response:
        access = _access(request)
        scope: tuple[Condition, ...] = ()
        if parent is not None and scoped_field is not None:
            parent_id = request.path_params["id"]
            await access.query(Store.get, parent.name, (parent_id,))  # 404 if absent
            scope = (Condition(scoped_field, "eq", parent_id),)
        group_by, parsed = parser.parse(request, scope)
        query = parsed.query
        if export is None:
            fmt = choose_format(request, parsed.format)
        elif parsed.format is not None:
            raise BadRequest.field(
                "format", f"is not a parameter of this operation: its path names the format ({export})"
            )
        else:
            fmt = export
        if group_by is not None:
            warnings = await access.query(filter_warnings, query)
            return await groups_response(request, access, query, group_by, fmt, warnings)
        if fmt == "json":
            body: Any
            page = await access.query_as(access.fingerprint(query), Store.page, query)
            warnings = await access.query(filter_warnings, query)
            if isinstance(page, JsonPage):
                body, next_url = page_json_body(request, page, warnings)
            else:
                body, next_url = page_body(request, page, query.fields, query.expand, warnings)
            headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else None
            return json_response(request, body, headers=headers)
        return await _stream(access, resource, query, fmt, query.limit if parsed.limit_given else None)

    return endpoint


async def _stream(
    access: Access, resource: Resource, query: ListQuery, fmt: str, limit: int | None
) -> Response:
    """CSV or NDJSON of every row: lines the database renders where it can spell them
    exactly, rows rendered here otherwise (other engine, expansions, REAL fields). The
    statement runs, and its first batch is read, on a database thread before the
    response starts; the rest streams from the thread pool as the client reads."""
    text = await access.query_on_thread(_primed_text, query, fmt, limit)
    if text is not None:
        return text_stream(resource, text, fmt, query.fields)
    batches = await access.query_on_thread(_primed_rows, resource, query, limit)
    if fmt == "csv":
        return csv_stream(resource, batches, query.fields, query.expand)
    return ndjson_stream(resource, batches, query.fields, query.expand)


def _primed_text(store: Store, query: ListQuery, fmt: str, limit: int | None) -> Iterator[bytes] | None:
    text = store.stream_text(query, fmt, limit=limit)
    return None if text is None else _primed(text)


def _primed_rows(
    store: Store, resource: Resource, query: ListQuery, limit: int | None
) -> Iterator[Sequence[Sequence[Any]]]:
    """The rows, with each batch's expansions (read as the stream is read: on the thread
    pool that iterates a streaming response)."""
    _, rows = store.stream_tuples(query, limit=limit)
    batches: Iterator[Sequence[Sequence[Any]]] = _primed(rows)
    if query.expand:
        batches = with_children(batches, query.expand, functools.partial(_children, store, resource.name))
    return batches


def _primed(batches: Iterator[_T]) -> Iterator[_T]:
    """Runs the statement and reads the first batch before the response starts, so that a
    database that is down or a statement past its time limit is still a 503 problem, not a
    stream cut short after a 200."""
    first = next(batches, None)
    return batches if first is None else itertools.chain([first], batches)


def _children(store: Store, resource: str, relation: str, ids: list[str]) -> Any:
    return store.children(relation, resource, ids)


async def get_record(request: Request, resource: Resource) -> Response:
    """``GET /v1/{resource}/{id}``: the record, bare; with ``as_recorded=TIMESTAMP``, the
    record as it stood then (from its revisions)."""
    fields, expand, moment = record_options(resource, list(request.query_params.multi_items()))
    choose_format(request, None, streams=False)
    record_id = request.path_params["id"]
    access = _access(request)
    if moment is not None:
        doc = await access.query(as_recorded, resource.name, record_id, moment)
        row = readable(resource.name, doc)  # relations always included, as with expand
        if fields is not None:
            row = {k: row[k] for k in (*fields, *WRITABLE[resource.name]) if k in row}
        return json_response(request, row)
    row = await access.query(Store.get, resource.name, (record_id,), expand=expand)
    if fields is not None:
        row = {k: row[k] for k in (*fields, *expand)}  # the parser kept the key
    plain = fields is None and not expand and "version" in row
    return json_response(request, row, headers={"ETag": record_etag(row["version"])} if plain else None)


def record_options(
    resource: Resource, items: list[tuple[str, str]]
) -> tuple[tuple[str, ...] | None, tuple[str, ...], dt.datetime | None]:
    """The options of a record read (``fields``, ``expand``, ``as_recorded``), each checked:
    a value the contract refuses is a 400 even where the option is then ignored. An
    unknown parameter is refused with every parameter the operation takes."""
    allowed = record_parameters(resource)
    for key, _ in items:
        if key not in allowed:
            raise BadRequest.field(key, "is not a parameter of this operation", allowed)
    recorded = [v for k, v in items if k == "as_recorded"]
    fields, expand = parse_get(resource, [(k, v) for k, v in items if k != "as_recorded"])
    _check_projection(resource, fields, expand)
    if len(recorded) > 1:
        raise BadRequest.field("as_recorded", "is given more than once")
    moment = parse_timestamp("as_recorded", recorded[0]) if recorded else None
    return fields, expand, moment


def record_parameters(resource: Resource) -> tuple[str, ...]:
    """The query parameters of ``GET /v1/{resource}/{id}``, as the contract declares them."""
    names = ["fields"]
    if resource.expansions:
        names.append("expand")
    if resource.name in WRITABLE:
        names.append("as_recorded")
    if resource.name == "sources":
        names.append("format")  # a citation (api.rest.citation)
    return tuple(names)


def _check_projection(resource: Resource, fields: tuple[str, ...] | None, expand: tuple[str, ...]) -> None:
    for name in fields or ():
        if name not in resource.field_names:
            raise BadRequest.field(
                "fields", f"{name!r} is not a field of {resource.singular}", resource.field_names
            )
    for relation in expand:
        if relation not in resource.expansions:
            raise BadRequest.field(
                "expand", f"{relation!r} cannot be expanded on {resource.name}", resource.expansions
            )
