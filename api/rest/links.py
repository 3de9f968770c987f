"""A list response's links: its own URL (``links.self``) and the URL of its next page
(``links.next``, the ``Link`` header), each the request's URL as Starlette spells it.

Spelling a URL from the request (``str(request.url)``: the scope's scheme, host header,
path and query string) and taking its cursor out costs a few microseconds a page, and
the same URLs come again and again (a client paging, a dashboard polling). So both are
remembered by what they are made of, in a bounded cache (``api.query.kept``): the same
scope parts give the same URL.
"""

from __future__ import annotations

from urllib.parse import unquote_plus

from starlette.requests import Request

from api.query.kept import Kept
from api.service.request_headers import raw_header

__all__ = ["next_link", "page_urls"]

_KEPT: Kept[tuple[str, str]] = Kept()


def page_urls(request: Request) -> tuple[str, str]:
    """The request's URL, and its URL without a cursor, ready for one: the next page's
    URL is the second plus the page's next cursor."""
    scope = request.scope
    host = raw_header(scope, b"host")
    server = scope.get("server")  # a list from some servers and test clients
    key = (
        scope.get("scheme"),
        None if server is None else tuple(server),
        scope.get("root_path"),
        scope["path"],
        scope.get("query_string"),
        host,
    )
    return _KEPT.get(key, lambda: _urls(str(request.url)))


def _urls(url: str) -> tuple[str, str]:
    return url, next_link(url, "")


def next_link(url: str, cursor: str) -> str:
    """``url`` with its cursor parameter (if any) replaced by ``cursor``: the other
    parameters stay exactly as the client sent them. A cursor is URL-safe as it is."""
    base, _, query = url.partition("?")
    kept = [p for p in query.split("&") if p and unquote_plus(p.partition("=")[0]) != "cursor"]
    return f"{base}?{'&'.join([*kept, 'cursor=' + cursor])}"
