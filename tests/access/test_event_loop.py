"""The event loop never waits on the database (``api.access``): over real HTTP, while a
GraphQL mutation waits for a write lock another connection holds, and a nested GraphQL
query reads (on PostgreSQL it waits for the same lock), ``/healthz`` keeps answering at
once. Before the access layer, a GraphQL write ran on the event loop and froze the worker
for as long as the lock was held."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Connection

from api.curation.keys import create_key
from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.models.enums import KeyScope
from api.settings import Settings
from tests.conftest import SEED
from tests.service.server import Server

pytestmark = [pytest.mark.slow, pytest.mark.http]

HOLD = 3.0  # seconds the lock is held
MUTATION = """mutation($input: SourceCreateInput!) { createSource(input: $input) { id } }"""
NESTED = """{ missions(filter: {hostCountry: {eq: "HTI"}}) { nodes { id
  mandates(first: 5) { nodes { symbol votes { vote member { name } } } }
  events(first: 5) { nodes { title actors { contributor { name } } sources { id } } } } } }"""


@pytest.fixture(scope="module")
def database(make_database: Callable[[], str]) -> Iterator[tuple[str, str]]:
    """A seeded database of this module's own, and a curate key for it."""
    url = make_database()
    engine = create_engine(Settings(database_url=url))
    upgrade(engine)
    load_seed(engine, SEED)
    key = create_key(engine, name="event loop test", scope=KeyScope.curate)
    engine.dispose()
    yield url, key


def _hold_the_write_lock(conn: Connection) -> None:
    """Takes what a write needs: SQLite's write lock; on PostgreSQL, every table the two
    requests touch, exclusively (readers wait too)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")
        conn.exec_driver_sql("LOCK TABLE source, mandate, event IN ACCESS EXCLUSIVE MODE")


def test_health_answers_while_graphql_waits_on_a_held_lock(database: tuple[str, str]) -> None:
    url, key = database
    server = Server(["-m", "api.cli", "serve", "--port", "{port}"], env={"PEACEOPS_DATABASE_URL": url})
    engine = create_engine(Settings(database_url=url))
    try:
        server.wait_ready()
        answers: dict[str, Any] = {}

        def post(name: str, query: str, variables: dict[str, Any] | None, headers: dict[str, str]) -> None:
            try:
                response = httpx.post(
                    server.base + "/graphql",
                    json={"query": query, "variables": variables or {}},
                    headers=headers,
                    timeout=60,
                )
                answers[name] = (response.status_code, response.json())
            except httpx.HTTPError as exc:  # pragma: no cover - reported by the assertion
                answers[name] = exc

        source = {
            "title": "A document written while the lock was held",
            "publisher": "Test Press",
            "url": "https://example.org/held-lock",
            "kind": "PRESS",
        }
        # What /healthz takes on this machine right now, with nothing waiting: the bound
        # below follows the machine's load instead of assuming a quiet one.
        calm = []
        for _ in range(10):
            started = time.monotonic()
            assert httpx.get(server.base + "/healthz", timeout=HOLD).status_code == 200
            calm.append(time.monotonic() - started)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as holder:
            _hold_the_write_lock(holder)
            requests = [
                threading.Thread(
                    target=post,
                    args=("mutation", MUTATION, {"input": source}, {"Authorization": f"Bearer {key}"}),
                ),
                threading.Thread(target=post, args=("nested", NESTED, None, {})),
            ]
            for thread in requests:
                thread.start()
            time.sleep(0.3)  # both requests are in the server, waiting
            latencies = []
            deadline = time.monotonic() + HOLD
            while time.monotonic() < deadline:
                started = time.monotonic()
                assert httpx.get(server.base + "/healthz", timeout=HOLD).status_code == 200
                latencies.append(time.monotonic() - started)
                time.sleep(0.05)
            assert "mutation" not in answers, "the write did not wait for the lock"
            holder.exec_driver_sql("ROLLBACK")
        for thread in requests:
            thread.join(timeout=60)
        status, body = answers["mutation"]
        assert status == 200 and "errors" not in body, body
        status, body = answers["nested"]
        assert status == 200 and "errors" not in body, body
        # Waiting on the lock would hold /healthz for the whole HOLD; not waiting answers as
        # fast as with nothing waiting. The bounds allow for a busy machine (two cores shared
        # with other work): the median within a tenth of a second or four times the calm
        # median, and no answer anywhere near the hold.
        print(
            f"healthz while GraphQL waited: median {statistics.median(latencies) * 1000:.1f} ms, "
            f"max {max(latencies) * 1000:.1f} ms over {len(latencies)} requests; "
            f"calm median {statistics.median(calm) * 1000:.1f} ms"
        )
        assert statistics.median(latencies) < max(HOLD / 30, 4 * statistics.median(calm)), (latencies, calm)
        assert max(latencies) < HOLD / 2, latencies
    finally:
        server.stop()
        engine.dispose()
