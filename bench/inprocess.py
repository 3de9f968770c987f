"""In-process cost of one page request, with and without each of the app's small
optimizations: how much each buys, measured in a way the machine's load does not move.

    python bench/inprocess.py --db /work/benchdata/bench.db --requests 400 [--without NAME ...]
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.%p python bench/inprocess.py ... --requests 0

The app is called as an ASGI app in this process (no server, no socket), for the page of
``bench/rest.py`` (a): 50 events of a busy mission in a date range. It prints the CPU time
per request (``time.process_time``, the minimum over batches) and, run under callgrind,
the instruction count of the whole run: run it once with ``--requests 0`` and once with N
and divide the difference by N for the instructions of a request, which do not depend on
what else the machine is doing. ``--without`` turns an optimization off (``NAMES``).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# bench/ holds a graphql.py of its own: the real package must win, and the app's root
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

from api.app import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402

NAMES: dict[str, Callable[[], None]] = {}


def optimization(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    def register(switch_off: Callable[[], None]) -> Callable[[], None]:
        NAMES[name] = switch_off
        return switch_off

    return register


@optimization("parsed")
def _no_parse_cache() -> None:
    """Every list request parsed again (api.rest.parsed.ListParser)."""
    from api.rest.parsed import ListParser

    ListParser.parse = lambda self, request, scope: self._parse(request, scope)  # type: ignore[method-assign]


@optimization("links")
def _no_link_cache() -> None:
    """A page's self and next URLs spelled from the request each time (api.rest.links)."""
    from api.rest import links

    links._KEPT.get = lambda key, compute: compute()  # type: ignore[method-assign]


@optimization("encoded-json")
def _plain_response() -> None:
    """JSON answers built by Starlette's Response (api.rest.render.EncodedJson)."""
    from starlette.responses import Response

    from api.rest import render

    def plain(content: bytes, status: int, headers: dict[str, str]) -> Response:
        return Response(content, status_code=status, headers=headers, media_type="application/json")

    render.EncodedJson = plain  # type: ignore[assignment, misc]


@optimization("outgoing-headers")
def _three_steps() -> None:
    """The request id, security headers and CORS headers added by three passes of
    Starlette's MutableHeaders, as CORSMiddleware.send does (api.service.response_headers)."""
    from starlette.datastructures import MutableHeaders

    from api.service.cors import cors
    from api.service.headers import SECURITY_HEADERS
    from api.service.response_headers import OutgoingHeaders

    simple = cors().simple_headers

    def apply(self: Any, message: Any, request_id: tuple[bytes, bytes], has_origin: bool) -> None:
        headers = MutableHeaders(scope=message)
        del headers["x-request-id"]
        headers.append(*(v.decode("latin-1") for v in request_id))
        for name, value in SECURITY_HEADERS.items():
            headers.setdefault(name, value)
        headers = MutableHeaders(scope=message)
        if has_origin:
            headers.update(simple)
        headers.add_vary_header("Origin")

    OutgoingHeaders.apply = apply  # type: ignore[method-assign]


@optimization("derived")
def _no_derived_memo() -> None:
    """A query's checked resource, fingerprint and plan worked out again each time they
    are asked for (api.query.spec.ListQuery.derived)."""
    from api.query.spec import ListQuery

    ListQuery.derived = lambda self, name, compute: compute(self)  # type: ignore[method-assign]


def busy_page(db: Path) -> str:
    """The page of bench/rest.py (a): the mission with the most events, a year of them."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (mission,) = conn.execute(
            "SELECT mission FROM event WHERE mission IS NOT NULL GROUP BY mission ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        (year,) = conn.execute(
            "SELECT substr(date, 1, 4) FROM event WHERE mission = ? GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
            (mission,),
        ).fetchone()
    finally:
        conn.close()
    return f"/v1/events?mission={mission}&date__gte={year}-01-01&date__lt={int(year) + 1}-01-01&limit=50"


async def call(app: Any, path: str) -> tuple[int, int]:
    """One GET through the whole ASGI app; its status and body length."""
    target, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": target,
        "raw_path": target.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"accept", b"*/*")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    status, length = 0, 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, length
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            length += len(message.get("body", b""))

    await app(scope, receive, send)
    return status, length


async def run(app: Any, path: str, requests: int, batch: int, warm: int = 50) -> list[float]:
    async with lifespan(app):
        for _ in range(warm):  # warm: statements compiled, caches filled, counts counted
            status, _ = await call(app, path)
            assert status == 200, status
        per_request = []
        done = 0
        while done < requests:
            n = min(batch, requests - done)
            started = time.process_time()
            for _ in range(n):
                await call(app, path)
            per_request.append((time.process_time() - started) / n)
            done += n
    return per_request


class lifespan:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.sent: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.got: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def __aenter__(self) -> None:
        scope = {"type": "lifespan", "asgi": {"version": "3.0"}}
        self.task = asyncio.ensure_future(self.app(scope, self.sent.get, self.got.put))
        await self.sent.put({"type": "lifespan.startup"})
        await self.got.get()

    async def __aexit__(self, *exc: object) -> None:
        await self.sent.put({"type": "lifespan.shutdown"})
        await self.got.get()
        await self.task


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument(
        "--warm",
        type=int,
        default=50,
        help="requests before the measured ones; under callgrind a few (5) keep the warm-up out of "
        "the per-request difference",
    )
    parser.add_argument("--without", action="append", default=[], choices=sorted(NAMES))
    parser.add_argument(
        "--hot", action="store_true", help="the response cache on: every measured request is a hit"
    )
    args = parser.parse_args(argv)
    for name in args.without:
        NAMES[name]()
    path = busy_page(args.db)
    app = create_app(Settings(database_url=f"sqlite:///{args.db}", rate_limit=0, cache_mb=64 if args.hot else 0))
    per_request = asyncio.run(run(app, path, args.requests, args.batch, args.warm))
    label = (",".join(args.without) or "as built") + (" (hot: response cache)" if args.hot else "")
    if per_request:
        print(f"{label}: {min(per_request) * 1e6:.0f} us CPU a request (min of {len(per_request)} batches) {path}")
    else:
        print(f"{label}: warm-up only {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
