"""GraphQL against REST on the same database, in one run: requests per second, p50/p99
and their ratios, and the CPU a request costs in-process. Not a test: figures about speed
live here, as ratios.

    python bench/graphql.py --db /work/benchdata/bench.db [--seconds 10] [--concurrency 8]

The app runs under uvicorn in a subprocess (1 worker, httptools, uvloop, the response
cache off: every request is planned, read and rendered) on loopback; a small
asyncio/httpx loop keeps ``--concurrency`` requests in flight for ``--seconds`` per case.
Cases, each against its REST equivalent (targets from issue 18):

- page: the page of ``bench/rest.py`` (a), 50 events of the busiest mission in a date
  range, every plain field: ``GET /v1/events?mission=..&date__gte=..&date__lte=..&limit=50``
  against ``events(filter: {mission, date}, first: 50) { nodes { ... } }`` (target: GraphQL
  at least 0.5 of REST's throughput);
- page with actors: the same with ``expand=actors`` and ``actors { ... }``;
- nested: 20 missions, each with its latest 10 events and their actors, in one GraphQL
  query, against ``/v1/missions?limit=20`` then, per mission,
  ``/v1/events?mission=X&sort=-date&limit=10&expand=actors`` (21 requests, the 20
  concurrently; target: GraphQL at least 3 times the operations per second).

Then the CPU split: each case's request called in this process through the ASGI app
(``bench/inprocess.py``'s caller), microseconds of CPU per request (minimum of batches),
GraphQL against REST: where the difference goes, without the network or the loader.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent

EVENT_FIELDS = "id date datePrecision kind title summary missionId mandateId location"
ACTORS = "actors { contributorId role stance }"
NESTED_QUERY = f"""{{ missions(first: 20) {{ nodes {{ id name
  events(first: 10, orderBy: [{{field: DATE, direction: DESC}}]) {{
    nodes {{ {EVENT_FIELDS} actors {{ contributorId role stance }} }} }} }} }} }}"""

Operation = Callable[[httpx.AsyncClient], Awaitable[None]]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _check(response: httpx.Response) -> httpx.Response:
    if response.status_code != 200:
        raise RuntimeError(f"{response.request.url}: {response.status_code} {response.text[:300]}")
    if response.request.url.path == "/graphql" and "errors" in response.json():
        raise RuntimeError(f"GraphQL errors: {response.text[:300]}")
    return response


@dataclass(frozen=True)
class Page:
    """The page of bench/rest.py (a), as a REST path and a GraphQL query."""

    mission: str
    date_from: str
    date_to: str

    def rest(self, actors: bool) -> str:
        params = {"mission": self.mission, "date__gte": self.date_from, "date__lte": self.date_to, "limit": 50}
        if actors:
            params["expand"] = "actors"
        return "/v1/events?" + urlencode(params)

    def graphql(self, actors: bool) -> str:
        fields = EVENT_FIELDS + (" " + ACTORS if actors else "")
        return (f'{{ events(filter: {{mission: {{eq: "{self.mission}"}}, date: {{gte: "{self.date_from}", '
                f'lte: "{self.date_to}"}}}}, first: 50) {{ nodes {{ {fields} }} }} }}')


def busy_page(db: Path) -> Page:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (mission,) = conn.execute("SELECT mission FROM event WHERE mission IS NOT NULL GROUP BY mission "
                                  "ORDER BY count(*) DESC LIMIT 1").fetchone()
        dates = [d for (d,) in conn.execute("SELECT date FROM event WHERE mission = ? ORDER BY date", (mission,))]
    finally:
        conn.close()
    middle = len(dates) // 2
    return Page(mission, dates[middle - len(dates) // 20], dates[middle + len(dates) // 20])


def rest_op(path: str) -> Operation:
    async def op(client: httpx.AsyncClient) -> None:
        _check(await client.get(path))
    return op


def graphql_op(query: str) -> Operation:
    async def op(client: httpx.AsyncClient) -> None:
        _check(await client.post("/graphql", json={"query": query}))
    return op


async def rest_nested(client: httpx.AsyncClient) -> None:
    missions = _check(await client.get("/v1/missions", params={"limit": 20})).json()["data"]
    await asyncio.gather(*(
        client.get("/v1/events", params={"mission": m["id"], "sort": "-date", "limit": 10,
                                         "expand": "actors"})
        for m in missions
    ))


async def graphql_nested(client: httpx.AsyncClient) -> None:
    _check(await client.post("/graphql", json={"query": NESTED_QUERY}))


async def measure(base: str, operation: Operation, seconds: float, concurrency: int
                  ) -> dict[str, float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency * 21, max_keepalive_connections=concurrency * 21)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        await operation(client)  # warm up: compile caches, connections
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                await operation(client)
                latencies.append(time.perf_counter() - start)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "n": len(latencies),
    }


def serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    # the response cache off: every request is planned, read and rendered (rest.py (g)
    # measures a GraphQL query answered from the cache)
    env = {**os.environ, "PEACEOPS_DATABASE_URL": f"sqlite:///{db.resolve()}", "PEACEOPS_RATE_LIMIT": "0",
           "PEACEOPS_CACHE_MB": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:app_from_env", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1", "--http", "httptools", "--loop", "uvloop",
         "--no-access-log", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/graphql?query=%7B__typename%7D", timeout=1).is_success:
                return process
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            raise RuntimeError("uvicorn exited before it answered")
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError("uvicorn did not answer within 20 s")


def cpu_split(db: Path, requests: list[tuple[str, str, str]], n: int) -> dict[str, float]:
    """Microseconds of CPU per request, in this process, through the whole ASGI app (the
    minimum of batches of ``n``): ``requests`` are (label, method, path or query)."""
    # This script is bench/graphql.py: the real graphql package must win over it.
    sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]
    spec = importlib.util.spec_from_file_location("inprocess", ROOT / "bench" / "inprocess.py")
    assert spec is not None and spec.loader is not None
    inprocess = importlib.util.module_from_spec(spec)  # its ASGI caller and lifespan
    spec.loader.exec_module(inprocess)
    from api.app import create_app
    from api.settings import Settings

    app = create_app(Settings(database_url=f"sqlite:///{db.resolve()}", rate_limit=0, cache_mb=0))
    out: dict[str, float] = {}

    async def run() -> None:
        async with inprocess.lifespan(app):
            for label, method, target in requests:
                path = target if method == "GET" else "/graphql?" + urlencode({"query": target})
                for _ in range(20):
                    status, _ = await inprocess.call(app, path)
                    if status != 200:
                        raise RuntimeError(f"{path}: {status}")
                best = float("inf")
                for _ in range(5):
                    started = time.process_time()
                    for _ in range(n):
                        await inprocess.call(app, path)
                    best = min(best, (time.process_time() - started) / n)
                out[label] = best * 1e6

    asyncio.run(run())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a database made by bench/generate.py")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each case")
    parser.add_argument("--concurrency", type=int, default=8, help="operations in flight")
    parser.add_argument("--cpu-requests", type=int, default=50, help="requests per batch of the CPU split")
    args = parser.parse_args()
    if not args.db.exists():
        parser.error(f"{args.db} does not exist")
    page = busy_page(args.db)
    port = _free_port()
    process = serve(args.db, port)
    base = f"http://127.0.0.1:{port}"
    load = os.getloadavg()
    print(f"{args.db}: {args.seconds:g} s per case, concurrency {args.concurrency}, "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"page: mission {page.mission}, {page.date_from}..{page.date_to}")
    summary: list[tuple[str, float, float]] = []
    try:
        cases = [
            ("page of 50 events", rest_op(page.rest(False)), graphql_op(page.graphql(False)), 0.5),
            ("page of 50 events + actors", rest_op(page.rest(True)), graphql_op(page.graphql(True)), 0.5),
            ("20 missions x 10 events + actors", rest_nested, graphql_nested, 3.0),
        ]
        print(f"{'case':34} {'face':8} {'ops/s':>9} {'p50 ms':>9} {'p99 ms':>9}")
        for name, rest, graphql, target in cases:
            results = {}
            for face, op in (("REST", rest), ("GraphQL", graphql)):
                results[face] = r = asyncio.run(measure(base, op, args.seconds, args.concurrency))
                print(f"{name:34} {face:8} {r['rps']:9.1f} {r['p50_ms']:9.2f} {r['p99_ms']:9.2f}")
            ratio = results["GraphQL"]["rps"] / results["REST"]["rps"]
            p50 = results["GraphQL"]["p50_ms"] / results["REST"]["p50_ms"]
            print(f"{name:34} {'ratio':8} GraphQL/REST throughput {ratio:.2f}x, p50 {p50:.2f}x")
            summary.append((name, ratio, target))
    finally:
        process.terminate()
        process.wait(timeout=10)
    print("\nCPU per request in-process (us; the minimum of 5 batches), GraphQL against REST:")
    split = cpu_split(args.db, [
        ("REST page", "GET", page.rest(False)), ("GraphQL page", "POST", page.graphql(False)),
        ("REST page + actors", "GET", page.rest(True)), ("GraphQL page + actors", "POST", page.graphql(True)),
        ("GraphQL nested", "POST", NESTED_QUERY),
    ], args.cpu_requests)
    for label, us in split.items():
        print(f"  {label:24} {us:9,.0f} us")
    print("\nSummary (throughput over HTTP)")
    for name, ratio, target in summary:
        verdict = "ok" if ratio >= target else "MISSED"
        print(f"  {name:34} GraphQL/REST {ratio:5.2f}x  target >= {target:g}x  {verdict}")


if __name__ == "__main__":
    main()
