"""Thin endpoints of the research operations on one mission: snapshot, series,
contributors. Parse the options, call the query layer, render."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from api.query import Store
from api.query.contributions import mission_contributions
from api.query.snapshot import mission_snapshot
from api.rest.options import date_option, parse_options
from api.rest.render import choose_format, json_response

__all__ = ["contributors_endpoint", "snapshot_endpoint"]

Endpoint = Callable[[Request], Awaitable[Response]]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


async def _run(request: Request, fn: Callable[..., Any], *args: Any) -> Any:
    return await run_in_threadpool(functools.partial(fn, _store(request), *args))


async def snapshot_endpoint(request: Request) -> Response:
    """``GET /v1/missions/{id}/snapshot?as_of=DATE``."""
    options = parse_options(list(request.query_params.multi_items()), [date_option("as_of")])
    choose_format(request, None, streams=False)
    body = await _run(request, mission_snapshot, request.path_params["id"], options.get("as_of") or today())
    body["dataset_version"] = await _run(request, Store.dataset_version)
    return json_response(request, body)


async def contributors_endpoint(request: Request) -> Response:
    """``GET /v1/missions/{id}/contributors?as_of=DATE``."""
    options = parse_options(list(request.query_params.multi_items()), [date_option("as_of")])
    choose_format(request, None, streams=False)
    day = options.get("as_of") or today()
    body = await _run(request, mission_contributions, request.path_params["id"], day)
    body["dataset_version"] = await _run(request, Store.dataset_version)
    return json_response(request, body)
