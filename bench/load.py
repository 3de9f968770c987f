"""Load test: two workers over a throw-away PostgreSQL database, many concurrent clients,
a mix of REST and GraphQL reads, for a fixed time; reports throughput, latency
percentiles and status counts, and exits 1 on any 5xx.

    python bench/load.py                      # 60 s, 32 clients, 2 workers
    python bench/load.py --duration 20 --clients 64 --workers 4

It creates a database on the PostgreSQL server given by --server (default: the local one),
starts ``python -m api.cli serve --workers N`` over it (which migrates and seeds it),
runs the load from this process (asyncio + httpx), stops the server with SIGTERM and
drops the database. Traffic goes to 127.0.0.1 only. Rate limiting is off for the run
(the clients share one address); pass --rate-limit to measure the limiter too.

Writes: with a curate key made for the run, a share of the clients' requests are
curation writes (``WRITES``: new observations, each POST with its own Idempotency-Key).
After the run every record whose creation was acknowledged (201) is read back: a missing
one is a lost write, and the run fails.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import httpx
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent

READS: list[tuple[str, str, str, dict[str, object] | None]] = [
    # (name, method, path, json body)
    ("rest_list", "GET", "/v1/missions?limit=10", None),
    (
        "rest_list_filtered",
        "GET",
        "/v1/mandates?mission__in=mss-haiti,gang-suppression-force&sort=adopted_on",
        None,
    ),
    ("rest_get", "GET", "/v1/missions/mss-haiti", None),
    ("rest_nested", "GET", "/v1/mandates/s-res-2699-2023/votes?vote=abstain", None),
    ("rest_search", "GET", "/v1/events?q=Kenya&limit=20", None),
    ("rest_expand", "GET", "/v1/events?limit=20&expand=actors,sources", None),
    ("rest_csv", "GET", "/v1/observations?format=csv&expand=sources", None),
    (
        "graphql_mission",
        "POST",
        "/graphql",
        {
            "query": '{ mission(id: "mss-haiti") { name lead { name } mandates { nodes { symbol '
            "votesFor abstentions votes { vote member { name } } } } } }"
        },
    ),
    (
        "graphql_list",
        "POST",
        "/graphql",
        {
            "query": "{ events(first: 50) { totalCount nodes { id title actors { stance contributor { name } } } } }"
        },
    ),
]

# Curation writes, sent with the run's curate key and a fresh Idempotency-Key each.
WRITES: list[tuple[str, str, str, dict[str, object] | None]] = [
    (
        "write_observation",
        "POST",
        "/v1/observations",
        {
            "mission": "mss-haiti",
            "contributor": "kenya",
            "metric": "personnel_deployed",
            "value": 1.0,
            "unit": "persons",
            "as_of": "2026-11-01",
            "confidence": "reported",
            "note": "load test",
            "sources": ["un-press-sc-15432"],
        },
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def client_loop(
    client: httpx.AsyncClient,
    deadline: float,
    mix: list[tuple[str, str, str, dict[str, object] | None]],
    latencies: dict[str, list[float]],
    statuses: Counter[tuple[str, int | str]],
    seed: int,
    key: str | None = None,
    created: list[str] | None = None,
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        name, method, path, body = rng.choice(mix)
        headers = {}
        if name.startswith("write_") and key is not None:
            headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": uuid.uuid4().hex}
        started = time.perf_counter()
        try:
            response = await client.request(method, path, json=body, headers=headers)
            await response.aread()
            status: int | str = response.status_code
            if status == 201 and created is not None:
                created.append(response.json()["id"])
        except httpx.TimeoutException:
            status = "timeout"
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        latencies[name].append(time.perf_counter() - started)
        statuses[(name, status)] += 1


async def run_load(
    base: str, clients: int, duration: float, key: str | None = None, created: list[str] | None = None
) -> tuple[dict[str, list[float]], Counter[tuple[str, int | str]], float]:
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: Counter[tuple[str, int | str]] = Counter()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        started = time.monotonic()
        deadline = started + duration
        mix = READS + WRITES if key is not None else READS
        await asyncio.gather(
            *(
                client_loop(client, deadline, mix, latencies, statuses, seed, key, created)
                for seed in range(clients)
            )
        )
        elapsed = time.monotonic() - started
    return latencies, statuses, elapsed


def wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 90) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server not ready")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server",
        default=os.environ.get("PEACEOPS_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1/test"),
    )
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate-limit", type=int, default=0, help="points per minute and client (0: off)")
    parser.add_argument(
        "--cache-mb", type=float, default=0, help="each worker's response cache (0: off, every request made)"
    )
    args = parser.parse_args()

    name = f"peaceops_load_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(args.server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = str(sa.engine.make_url(args.server).set(database=name).render_as_string(hide_password=False))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(ROOT / ".bench-server.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--workers", str(args.workers), "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "PEACEOPS_DATABASE_URL": url, "PEACEOPS_RATE_LIMIT": str(args.rate_limit),
             "PEACEOPS_CACHE_MB": str(args.cache_mb)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        ready = wait_ready(base, server)
        print(f"server ready in {ready:.1f} s: {args.workers} workers over PostgreSQL database {name}")
        key = subprocess.run(
            [sys.executable, "-m", "api.cli", "keys", "create", "--name", "load", "--scope", "curate"],
            cwd=ROOT,
            env={**os.environ, "PEACEOPS_DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        asyncio.run(run_load(base, args.clients, 3))  # warm-up: pools, caches
        created: list[str] = []
        latencies, statuses, elapsed = asyncio.run(run_load(base, args.clients, args.duration, key, created))
        lost = [i for i in created if httpx.get(f"{base}/v1/observations/{i}", timeout=30).status_code != 200]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    total = sum(statuses.values())
    every = [v for values in latencies.values() for v in values]
    by_status: Counter[int | str] = Counter()
    for (_, status), n in statuses.items():
        by_status[status] += n
    server_errors = sum(n for s, n in by_status.items() if not isinstance(s, int) or s >= 500)
    print(f"\n{total} requests in {elapsed:.1f} s from {args.clients} clients: {total / elapsed:.0f} req/s")
    print(
        f"latency all: p50 {percentile(every, 0.5) * 1000:.1f} ms, p99 {percentile(every, 0.99) * 1000:.1f} ms, "
        f"mean {statistics.fmean(every) * 1000:.1f} ms"
    )
    print(f"statuses: {dict(sorted(by_status.items(), key=str))}")
    print(f"writes acknowledged: {len(created)}, lost: {len(lost)}")
    print(f"\n{'request':<20} {'count':>7} {'p50 ms':>8} {'p99 ms':>8}  statuses")
    for name_, values in sorted(latencies.items()):
        codes = {s: n for (k, s), n in statuses.items() if k == name_}
        print(
            f"{name_:<20} {len(values):>7} {percentile(values, 0.5) * 1000:>8.1f} {percentile(values, 0.99) * 1000:>8.1f}  {codes}"
        )
    print(f"\n5xx and transport errors: {server_errors}")
    return 1 if server_errors or lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
