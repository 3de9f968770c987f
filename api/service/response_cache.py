"""The response cache: an answer the app has given once is given again, without planning,
reading or rendering, for as long as the data it was made from stands.

What is cached: a ``GET`` (and a GraphQL query sent by ``POST``) without credentials whose
answer is a complete 200 that does not forbid it (``Cache-Control: no-store`` or
``private``), up to an eighth of the budget in size; for paths with a *policy* (GraphQL),
only what the policy allows (queries, not mutations; answers without errors).
Everything else, writes first, passes through untouched.

The key: the **state token** of the data (``<dataset version>.<write generation>``, which
every write transaction raises: ``api.query.sql.stored_version``), the UTC date (answers
whose default is "today"), the method, scheme, host and path, the query string as sent
(the answer's own links repeat it), the ``Accept`` header (the negotiated format) and, for
a ``POST``, the JSON body with its keys sorted. A worker reads the token at most once a
second (``Store.state_token``); after its own write it reads it again at once. So a
worker never serves an answer older than its own last write, and any worker serves the
new data at most one second (the token's refresh interval) after a write elsewhere.

A hit answers ``304`` when ``If-None-Match`` matches the stored ``ETag``, as the app would.
It counts in ``/metrics``: ``peaceops_response_cache_hits_total``, ``..._misses_total``
(answers the app had to make, then kept; answers that may not be kept count in neither)
and ``..._evictions_total``; the request counts under the route the answer first matched.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.service.cache_stores import CachedAnswer, CacheKey, MemoryCache, SharedCache
from api.service.conditional import etag_matches
from api.service.metrics import CACHE_EVICTIONS, CACHE_HITS, CACHE_MISSES, CachedRoute, route_template

__all__ = ["Policy", "ResponseCache"]

# (request body, response body) -> may this answer be kept?
Policy = Callable[[bytes, bytes], bool]

_NOT_MODIFIED_HEADERS = frozenset({b"etag", b"cache-control", b"vary", b"content-location", b"last-modified"})


class ResponseCache:
    """The cache as an ASGI middleware around the app's routes (inside the service layer,
    so rate limits, request ids and CORS apply to every answer, cached or not)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        known_token: Callable[[], str | None],
        read_token: Callable[[], Awaitable[str]],
        budget_bytes: int,
        shared: SharedCache | None = None,
        policies: Mapping[str, Policy] | None = None,
        passthrough: frozenset[str] = frozenset(),
    ) -> None:
        """``known_token``: the state token if this worker trusts the one it holds (no
        database call); ``read_token``: read it. ``policies``: by path, which answers may
        be kept (a path with a policy also caches ``POST``). ``passthrough``: paths never
        cached, whose answers must not wait for the token either (health checks answer
        while every database thread waits on a lock)."""
        self.app = app
        self.known_token = known_token
        self.read_token = read_token
        self.memory = MemoryCache(budget_bytes)
        self.max_entry = max(1, budget_bytes // 8)
        self.shared = shared
        self.policies = dict(policies or {})
        self.passthrough = passthrough

    def clear(self) -> None:
        """Forgets this worker's answers (the data changed behind the app's back)."""
        self.memory.clear()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.passthrough:
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        policy = self.policies.get(scope["path"])
        if method == "GET":
            body = b""
        elif method == "POST" and policy is not None:
            body, receive = await _read_body(receive)
            if not body:
                await self.app(scope, receive, send)
                return
        else:
            await self.app(scope, receive, send)
            return
        headers = _request_headers(scope)
        if headers is None:  # credentials: an answer for this caller only
            await self.app(scope, receive, send)
            return
        accept, host, if_none_match = headers
        try:
            token = self.known_token() or await self.read_token()
        except Exception:  # no token, no cache: the app gives its own answer (a 503, say)
            await self.app(scope, receive, send)
            return
        key: CacheKey = (
            token,
            int(time.time() // 86400),
            method,
            scope.get("scheme", "http"),
            host,
            scope.get("root_path", ""),
            scope["path"],
            scope.get("query_string", b""),
            accept,
            _normal_body(body) if body else b"",
        )
        found = self.memory.get(key)
        if found is None and self.shared is not None:
            found = await self.shared.get(key)
            if found is not None:
                self._keep_local(key, found)
        if found is not None:
            CACHE_HITS.inc()
            scope["route"] = CachedRoute(found.route)
            await _replay(found, if_none_match, send)
            return
        await self._run_and_keep(scope, receive, send, key, body, policy)

    async def _run_and_keep(
        self, scope: Scope, receive: Receive, send: Send, key: CacheKey, body: bytes, policy: Policy | None
    ) -> None:
        status = 0
        kept_headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def keeping_send(message: Message) -> None:
            nonlocal status, size, keep
            if message["type"] == "http.response.start":
                status = message["status"]
                kept_headers.extend(message.get("headers", ()))
                keep = status == 200 and _may_store(kept_headers)
            elif message["type"] == "http.response.body" and keep:
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_entry:
                    keep = False
                    chunks.clear()
                else:
                    chunks.append(chunk)
            await send(message)

        await self.app(scope, receive, keeping_send)
        if not keep or status != 200:
            return
        content = b"".join(chunks)
        if policy is not None and not policy(body, content):
            return
        answer = CachedAnswer(status, tuple(kept_headers), content, route_template(scope))
        CACHE_MISSES.inc()
        self._keep_local(key, answer)
        if self.shared is not None:
            await self.shared.put(key, answer)

    def _keep_local(self, key: CacheKey, answer: CachedAnswer) -> None:
        evicted = self.memory.put(key, answer)
        if evicted:
            CACHE_EVICTIONS.inc(evicted)


def _request_headers(scope: Scope) -> tuple[bytes, bytes, bytes | None] | None:
    """``Accept``, ``Host`` and ``If-None-Match``; ``None`` when the request carries
    credentials."""
    accept = b""
    host = b""
    if_none_match = None
    for name, value in scope["headers"]:
        if name == b"accept":
            accept = value
        elif name == b"host":
            host = value
        elif name == b"if-none-match":
            if_none_match = value
        elif name == b"authorization" or name == b"cookie":
            return None
    return accept, host, if_none_match


def _may_store(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name == b"cache-control":
            lowered = value.lower()
            if b"no-store" in lowered or b"private" in lowered:
                return False
        elif name == b"set-cookie":
            return False
    return True


def _normal_body(body: bytes) -> bytes:
    """A JSON object with its keys sorted and its null members left out (the same GraphQL
    request, however its client orders ``query``, ``variables`` and ``operationName``, or
    spells an absent one as null); other bodies as they are."""
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    if isinstance(payload, dict):
        payload = {name: value for name, value in payload.items() if value is not None}
    return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    """The whole request body (the service layer has bounded it), and a ``receive`` that
    gives it to the app again, then waits on the client as the original does."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client left: the app hears it
            return b"", _replaying(None, message, receive)
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(parts)
    return body, _replaying({"type": "http.request", "body": body, "more_body": False}, None, receive)


def _replaying(first: Message | None, last: Message | None, receive: Receive) -> Receive:
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            if first is not None:
                return first
        if last is not None:
            return last
        return await receive()

    return replay


async def _replay(answer: CachedAnswer, if_none_match: bytes | None, send: Send) -> None:
    etag = answer.etag()
    if if_none_match and etag is not None and etag_matches(if_none_match, etag.decode("latin-1")):
        headers: Any = [(n, v) for n, v in answer.headers if n in _NOT_MODIFIED_HEADERS]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": answer.status, "headers": list(answer.headers)})
    await send({"type": "http.response.body", "body": answer.body})
