"""/docs: a self-contained page for people, rendered from the OpenAPI document itself.
No script, no stylesheet from elsewhere: it works in closed networks."""

from __future__ import annotations

import html
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from api.rest.openapi import openapi_document

__all__ = ["docs_page"]

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code{background:#f3f3f3;padding:0 .25rem;border-radius:3px}
h2{border-bottom:1px solid #ddd;margin-top:2.5rem}
.op{margin:1rem 0 2rem}.method{font-weight:700;color:#0a5}
table{border-collapse:collapse;width:100%;font-size:14px}
td,th{border-bottom:1px solid #eee;text-align:left;padding:.2rem .4rem;vertical-align:top}
"""


def _param_rows(params: list[dict[str, Any]]) -> str:
    rows = []
    for p in params:
        schema = p.get("schema", {})
        kind = schema.get("type") or schema.get("$ref", "").rsplit("/", 1)[-1]
        if kind == "array":
            items = schema.get("items", {})
            kind = "list of " + (items.get("type") or items.get("$ref", "").rsplit("/", 1)[-1])
        rows.append(
            f"<tr><td><code>{html.escape(p['name'])}</code></td><td>{html.escape(p['in'])}</td>"
            f"<td>{html.escape(str(kind))}</td>"
            f"<td>{html.escape(p.get('description', ''))}</td></tr>"
        )
    return "".join(rows)


def render_docs(doc: dict[str, Any]) -> str:
    parts = [
        f"<h1>{html.escape(doc['info']['title'])}</h1>",
        f"<p>{html.escape(doc['info']['description'])}</p>",
        '<p>Machine-readable contract: <a href="/openapi.json">/openapi.json</a>. '
        'GraphQL: <a href="/graphql">/graphql</a>.</p>',
        "<p>Operators: <code>GET /healthz</code> (the process is alive), <code>GET /readyz</code> "
        "(the database answers and is migrated; 503 otherwise), <code>GET /metrics</code> "
        "(Prometheus). Limits: 429 past the rate limit, with <code>RateLimit</code> and "
        "<code>Retry-After</code> headers; 413 for large bodies; 503 while the database is "
        "unavailable or a query runs past its time limit. Every problem's <code>instance</code> "
        "ends with <code>#req=</code> and the response's <code>X-Request-ID</code>.</p>",
    ]
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            parts.append(
                f'<div class="op"><h2><span class="method">{method.upper()}</span> '
                f"<code>{html.escape(path)}</code></h2>"
                f"<p>{html.escape(op.get('summary', ''))}. {html.escape(op.get('description', ''))}</p>"
                f"<p>operationId <code>{html.escape(op['operationId'])}</code></p>"
                "<table><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr>"
                f"{_param_rows(op.get('parameters', []))}</table></div>"
            )
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>peaceops API</title>"
        f"<style>{_STYLE}</style></head><body>{''.join(parts)}</body></html>"
    )


_CACHE: dict[str, str] = {}


async def docs_page(request: Request) -> HTMLResponse:
    page = _CACHE.get("page")
    if page is None:
        page = _CACHE["page"] = render_docs(openapi_document())
    return HTMLResponse(page)
