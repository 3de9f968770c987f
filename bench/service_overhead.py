"""What the service middleware (request id, access log, metrics, security headers, CORS,
body limit, rate limit) costs per request, as a ratio: the same app with and without
the stack, in-process (httpx over ASGI, no sockets), on a seeded SQLite database, run
alternately so that machine noise hits both sides alike.

    python -m bench.service_overhead [--requests 2000] [--rounds 5]   (from the checkout)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from starlette.applications import Starlette

from api.app import PeaceopsApp, create_app
from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["/v1/missions/mss-haiti", "/v1/missions?limit=5", "/healthz"]


class BareApp(PeaceopsApp):
    """The same app without the service stack."""

    def build_middleware_stack(self):  # type: ignore[no-untyped-def]
        return Starlette.build_middleware_stack(self)


async def timed(app: Starlette, path: str, n: int) -> float:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for _ in range(50):
            await client.get(path)
        started = time.perf_counter()
        for _ in range(n):
            response = await client.get(path, headers={"Authorization": "Bearer k"})
            assert response.status_code == 200
        return (time.perf_counter() - started) / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("peaceops.access").setLevel(logging.INFO)
    logging.getLogger("peaceops.access").addHandler(logging.NullHandler())
    logging.getLogger("peaceops.access").propagate = False
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        engine = create_engine(Settings(database_url=url))
        upgrade(engine)
        load_seed(engine, ROOT / "seed")
        engine.dispose()
        settings = Settings(database_url=url, rate_limit=10**9, cache_mb=0)  # every request made
        full = create_app(settings)
        bare = create_app(settings)
        bare.__class__ = BareApp
        print(f"{'path':<28} {'bare µs':>9} {'full µs':>9} {'ratio':>7}")
        for path in PATHS:
            with_stack, without = [], []
            for _ in range(args.rounds):
                without.append(asyncio.run(timed(bare, path, args.requests)))
                with_stack.append(asyncio.run(timed(full, path, args.requests)))
            b, f = statistics.median(without), statistics.median(with_stack)
            print(f"{path:<28} {b * 1e6:>9.0f} {f * 1e6:>9.0f} {f / b:>7.2f}")


if __name__ == "__main__":
    main()
