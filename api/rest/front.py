"""The front door: ``/``, a small page for people (what peaceops is, the dataset's version
and counts, where the docs, contracts and exports are, how to cite), and ``/v1``, the
same map for programs (every resource with its links), both from the declarations that
build the routes."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from api.curation.documents import WRITABLE
from api.query import RESOURCES
from api.query.resources import RELATIONS
from api.research.meta import dataset_meta
from api.rest.options import parse_options
from api.rest.render import choose_format, json_response
from api.rest.routes import TOP_LEVEL
from api.service.public_url import public_base

__all__ = ["INDEX_LINKS", "front_routes", "index_body", "landing_page", "v1_index"]

SUMMARY = (
    "An open research data API on multinational security missions and peace operations: who "
    "authorized them, under which mandates, who pledged and sent people and money, and what "
    "happened. Every figure cites its source."
)

INDEX_LINKS = {
    "self": "/v1/",
    "docs": "/docs",
    "openapi": "/openapi.json",
    "graphql": "/graphql",
    "graphql_schema": "/schema.graphql",
    "meta": "/v1/meta",
    "events_feed": "/v1/events.atom",
    "mandates_calendar": "/v1/mandates.ics",
}


def index_body() -> dict[str, Any]:
    """``GET /v1``: every resource, what it holds, and the URLs that serve it."""
    resources = []
    for name in TOP_LEVEL:
        resource = RESOURCES[name]
        links = {
            "list": f"/v1/{name}",
            "csv": f"/v1/{name}.csv",
            "ndjson": f"/v1/{name}.ndjson",
        }
        if resource.key == ("id",):
            links["record"] = f"/v1/{name}/{{id}}"
        if name in WRITABLE:
            links["history"] = f"/v1/{name}/{{id}}/history"
        resources.append(
            {
                "name": name,
                "description": resource.description,
                "links": links,
                "related": [f"/v1/{n.parent}/{{id}}/{n.child}" for n in RELATIONS if n.parent == name],
            }
        )
    return {"title": "peaceops", "description": SUMMARY, "resources": resources, "links": INDEX_LINKS}


async def v1_index(request: Request) -> Response:
    parse_options(list(request.query_params.multi_items()), [])
    choose_format(request, None, streams=False)
    return json_response(request, index_body())


def _landing(meta: dict[str, Any]) -> str:
    e = html.escape
    counts = "".join(
        f'<tr><td><a href="/v1/{e(name)}">{e(name)}</a></td><td>{count:,}</td></tr>'
        for name, count in meta["counts"].items()
    )
    version = e(meta["dataset_version"])
    links = [
        ("/docs", "REST API reference", "every operation, its parameters and schemas, with try-it"),
        ("/graphql", "GraphQL", "GraphiQL in a browser; POST queries to the same URL"),
        ("/openapi.json", "openapi.json", "the REST contract (OpenAPI 3.1), for client generators"),
        ("/schema.graphql", "schema.graphql", "the GraphQL contract (SDL)"),
        ("/v1/", "/v1/", "the resources and their links, as JSON"),
        ("/v1/meta", "/v1/meta", "version, counts, licences and citation, as JSON"),
    ]
    items = "".join(f'<li><a href="{e(href)}">{e(text)}</a>: {e(what)}</li>' for href, text, what in links)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>peaceops</title><link rel="icon" href="/docs/static/favicon.svg">'
        '<link rel="stylesheet" href="/docs/static/front.css"></head><body><main>'
        f"<h1>peaceops</h1><p>{e(SUMMARY)}</p>"
        f"<h2>Use it</h2><ul>{items}</ul>"
        "<h2>Export</h2><p>Every list streams its whole filtered set as CSV or NDJSON, with "
        "the list's filters: "
        '<a href="/v1/events.csv?mission=mss-haiti">/v1/events.csv?mission=mss-haiti</a>, '
        '<a href="/v1/observations.ndjson">/v1/observations.ndjson</a> '
        "(on the list URL, <code>format=csv</code> or <code>Accept: text/csv</code> does the same). "
        "<code>peaceops export DIR</code> writes every table "
        "as CSV with a Frictionless <code>datapackage.json</code>.</p>"
        f'<h2>The dataset</h2><p>Version <code id="dataset-version">{version}</code> '
        "(a content hash: it changes "
        "exactly when the data does; every list answer carries it in "
        "<code>meta.dataset_version</code>).</p>"
        f"<table><thead><tr><th>records</th><th>count</th></tr></thead><tbody>{counts}</tbody></table>"
        "<h2>How to cite</h2>"
        f"<p>{e(meta['citation']['text'])}</p><pre>{e(meta['citation']['bibtex'])}</pre>"
        "<p>Cite each original source a record lists too: "
        "<code>/v1/sources/{id}?format=bibtex</code> or <code>csl-json</code>. "
        f"Data: {e(meta['licenses']['data']['title'])}; code: {e(meta['licenses']['code']['title'])}.</p>"
        "</main></body></html>"
    )


async def landing_page(request: Request) -> Response:
    url = public_base(request) + "/v1/meta"
    meta = await request.app.state.access.query(dataset_meta, url=url)
    return HTMLResponse(_landing(meta))


_FAVICON = Path(__file__).resolve().parent / "static" / "favicon.svg"


async def favicon(request: Request) -> Response:
    """What browsers ask for on every page, JSON ones included (a 404 is a console error)."""
    return FileResponse(
        _FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )


def front_routes() -> list[Route]:
    """``/``, ``/favicon.ico``, and ``/v1`` with ``/v1/`` (ahead of the ``/v1`` mount, which
    would redirect)."""
    return [
        Route("/", landing_page, methods=["GET"], name="landing"),
        Route("/favicon.ico", favicon, methods=["GET"], name="favicon"),
        Route("/v1", v1_index, methods=["GET"], name="v1_index"),
        Route("/v1/", v1_index, methods=["GET"], name="v1_index_slash"),
    ]
