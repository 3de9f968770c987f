"""/docs: the REST contract rendered by Swagger UI (contents by tag, request and response
schemas, try-it), served from this package (``static/``: the swagger-ui-dist files from
the npm registry and a boot script), never from a CDN, so that it works in closed networks
and under a Content-Security-Policy that allows scripts from this origin only."""

from __future__ import annotations

import functools
import html
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from api.rest.openapi import openapi_document

__all__ = ["STATIC_DIR", "docs_page", "docs_routes", "render_docs"]

STATIC_DIR = Path(__file__).resolve().parent / "static"


def render_docs() -> str:
    """The page: a bar of links, the contents (one link per tag of the contract), and the
    element Swagger UI renders into; no inline script."""
    doc = openapi_document()
    contents = "".join(
        f'<li><a href="#operations-tag-{html.escape(tag["name"])}" title="{html.escape(tag["description"])}">'
        f"{html.escape(tag['name'])}</a></li>"
        for tag in doc["tags"]
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>peaceops: REST API reference</title>"
        '<link rel="icon" href="/docs/static/favicon.svg">'
        '<link rel="stylesheet" href="/docs/static/swagger-ui.css">'
        '<link rel="stylesheet" href="/docs/static/docs-page.css">'
        "</head><body>"
        '<header class="po-bar"><strong><a href="/">peaceops</a></strong>'
        "<span>REST API reference</span>"
        '<a href="/openapi.json">openapi.json</a><a href="/graphql">GraphQL (GraphiQL)</a>'
        '<a href="/schema.graphql">schema.graphql</a><a href="/v1/">/v1/ index</a></header>'
        '<nav class="po-contents" aria-label="Contents"><h2>Contents</h2>'
        f'<ul>{contents}<li><a href="#schemas">schemas</a></li></ul></nav>'
        '<main id="swagger-ui"></main>'
        "<noscript><p>This page needs JavaScript; the contract itself is "
        '<a href="/openapi.json">/openapi.json</a>.</p></noscript>'
        '<script src="/docs/static/swagger-ui-bundle.js"></script>'
        '<script src="/docs/static/docs-init.js"></script>'
        "</body></html>"
    )


@functools.cache
def _page() -> str:
    return render_docs()


async def docs_page(request: Request) -> HTMLResponse:
    return HTMLResponse(_page())


def docs_routes() -> list[BaseRoute]:
    """``/docs`` and its assets under ``/docs/static/``."""
    return [
        Route("/docs", docs_page, methods=["GET"], name="docs"),
        Mount("/docs/static", StaticFiles(directory=STATIC_DIR), name="docs_static"),
    ]
