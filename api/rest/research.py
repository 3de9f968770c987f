"""Thin endpoints of the research operations on one mission: snapshot, series,
contributors. Parse the options, call the query layer, render."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from api.access import Access
from api.models.enums import Metric
from api.query import Store
from api.research.contributions import mission_contributions
from api.research.series import SERIES_CSV_COLUMNS, mission_series, series_csv_rows
from api.research.snapshot import mission_snapshot
from api.rest.options import choice, date_option, enum_option, parse_options, text_option
from api.rest.render import CACHE_CONTROL, choose_format, json_response

__all__ = ["contributors_endpoint", "series_endpoint", "snapshot_endpoint"]

Endpoint = Callable[[Request], Awaitable[Response]]


def _access(request: Request) -> Access:
    access: Access = request.app.state.access
    return access


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


async def _run(request: Request, fn: Callable[..., Any], *args: Any) -> Any:
    return await _access(request).query(fn, *args)


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


_SERIES_OPTIONS = (
    enum_option("metric", Metric, required=True),
    text_option("contributor"),
    date_option("as_of"),
    choice("format", ("json", "csv")),
)


async def series_endpoint(request: Request) -> Response:
    """``GET /v1/missions/{id}/series?metric=...``: JSON, or the points and the reference
    lines as one CSV table (a ``kind`` column tells them apart)."""
    options = parse_options(list(request.query_params.multi_items()), _SERIES_OPTIONS)
    fmt = options.get("format")
    if fmt is None:
        fmt = "csv" if choose_format(request, None) == "csv" else "json"
    body = await _run(
        request,
        functools.partial(mission_series, contributor=options.get("contributor"), day=options.get("as_of")),
        request.path_params["id"],
        options["metric"],
    )
    if fmt == "csv":
        return Response(
            _series_csv(body),
            media_type="text/csv; charset=utf-8",
            headers={"Cache-Control": CACHE_CONTROL},
        )
    body["dataset_version"] = await _run(request, Store.dataset_version)
    return json_response(request, body)


def _series_csv(series: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SERIES_CSV_COLUMNS)
    writer.writerows(series_csv_rows(series))
    return buffer.getvalue().encode()
