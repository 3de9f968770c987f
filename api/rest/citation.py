"""``/v1/meta`` (version, counts, licences, how to cite) and a source as a citation:
``/v1/sources/{id}?format=bibtex|csl-json``."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from api.access import Access
from api.query import RESOURCES, Store
from api.research.citation import source_bibtex, source_csl_json
from api.research.meta import dataset_meta
from api.rest.endpoints import Endpoint, get_record, record_options
from api.rest.options import choice, parse_options, text_option
from api.rest.render import CACHE_CONTROL, choose_format, json_response
from api.service.public_url import public_base

__all__ = ["CITATION_FORMATS", "meta_endpoint", "source_endpoint"]

CITATION_FORMATS = {
    "bibtex": "application/x-bibtex; charset=utf-8",
    "csl-json": "application/vnd.citationstyles.csl+json",
}


def _access(request: Request) -> Access:
    access: Access = request.app.state.access
    return access


async def meta_endpoint(request: Request) -> Response:
    parse_options(list(request.query_params.multi_items()), [])
    choose_format(request, None, streams=False)
    url = public_base(request) + "/v1/meta"
    body = await _access(request).query(dataset_meta, url=url)
    return json_response(request, body)


def source_endpoint() -> Endpoint:
    """``GET /v1/sources/{id}``: the record, or with ``format=`` its citation."""

    async def record(request: Request) -> Response:
        return await get_record(request, RESOURCES["sources"])

    async def endpoint(request: Request) -> Response:
        fmt = request.query_params.get("format")
        if fmt is None:
            return await record(request)
        if fmt == "json" and len(request.query_params.getlist("format")) == 1:
            # The record, as without format.
            return await record(Request({**request.scope, "query_string": _without_format(request)}))
        items = list(request.query_params.multi_items())
        # fields, expand and as_recorded shape a JSON record; a citation cites the source
        # as it stands, so they are ignored, once checked as for the record.
        options = parse_options(
            items,
            [
                choice("format", ("json", *CITATION_FORMATS)),
                text_option("fields", repeats=True),  # lists: checked by record_options
                text_option("expand", repeats=True),
                text_option("as_recorded"),
            ],
        )
        record_options(RESOURCES["sources"], [(k, v) for k, v in items if k != "format"])
        row = await _access(request).query(Store.get, "sources", (request.path_params["id"],))
        text = source_bibtex(row) if options["format"] == "bibtex" else source_csl_json(row)
        return Response(
            text,
            media_type=CITATION_FORMATS[options["format"]],
            headers={"Cache-Control": CACHE_CONTROL},
        )

    return endpoint


def _without_format(request: Request) -> bytes:
    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "format"]).encode()
