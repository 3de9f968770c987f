"""GraphQL against REST on the same database, in one run: requests per second, p50/p99
and their ratios. Not a test: figures about speed live here, as ratios.

    python bench/graphql.py --db /tmp/bench.db [--seconds 10] [--concurrency 8]

The app runs under uvicorn in a subprocess (1 worker, httptools, uvloop) on loopback;
a small asyncio/httpx loop keeps ``--concurrency`` requests in flight for ``--seconds``
per case. Cases:

- page: the same page of 50 events, ``GET /v1/events?limit=50`` against
  ``{ events(first: 50) { nodes { ...every field } } }``;
- nested: 20 missions, each with its latest 10 events and their actors, in one GraphQL
  query, against its REST equivalent: ``/v1/missions?limit=20`` then, per mission,
  ``/v1/events?mission=X&sort=-date&limit=10&expand=actors`` (21 requests, issued as a
  client would, the 20 concurrently). A "request" of the nested case is the whole
  operation.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent

EVENT_FIELDS = "id date datePrecision kind title summary missionId mandateId location"
PAGE_QUERY = f"{{ events(first: 50) {{ nodes {{ {EVENT_FIELDS} }} }} }}"
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


async def rest_page(client: httpx.AsyncClient) -> None:
    _check(await client.get("/v1/events", params={"limit": 50}))


async def graphql_page(client: httpx.AsyncClient) -> None:
    _check(await client.post("/graphql", json={"query": PAGE_QUERY}))


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a migrated, loaded SQLite file")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each case")
    parser.add_argument("--concurrency", type=int, default=8, help="operations in flight")
    args = parser.parse_args()
    if not args.db.exists():
        parser.error(f"{args.db} does not exist")
    port = _free_port()
    process = serve(args.db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        cases = [("page of 50 events", rest_page, graphql_page),
                 ("20 missions x 10 events + actors", rest_nested, graphql_nested)]
        print(f"{args.db}: {args.seconds:g} s per case, concurrency {args.concurrency}")
        print(f"{'case':34} {'face':8} {'ops/s':>9} {'p50 ms':>9} {'p99 ms':>9}")
        for name, rest_op, graphql_op in cases:
            results = {}
            for face, op in (("REST", rest_op), ("GraphQL", graphql_op)):
                results[face] = r = asyncio.run(measure(base, op, args.seconds, args.concurrency))
                print(f"{name:34} {face:8} {r['rps']:9.1f} {r['p50_ms']:9.2f} {r['p99_ms']:9.2f}")
            ratio = results["GraphQL"]["rps"] / results["REST"]["rps"]
            p50 = results["GraphQL"]["p50_ms"] / results["REST"]["p50_ms"]
            print(f"{name:34} {'ratio':8} GraphQL/REST throughput {ratio:.2f}x, p50 {p50:.2f}x")
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
