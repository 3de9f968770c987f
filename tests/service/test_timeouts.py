"""Every statement has a time limit on both engines; past it the statement is cancelled
and the client gets a 503 ``timeout`` problem, never a hang and never a 500.

The engine-level tests run on the engine under test (SQLite, or PostgreSQL when
PEACEOPS_TEST_POSTGRES is set, as in CI's second run); the request-level tests use
SQLite, where a time limit of a microsecond makes any real query run past it.
"""

from __future__ import annotations

import sqlite3
import time

import pytest
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from api.app import create_app
from api.db import create_engine, database_errors
from api.errors import QueryTimeout
from api.settings import Settings
from tests.service.conftest import MakeClient

SLOW = {
    # counts to a billion: minutes of work for SQLite
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
    "SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(30)",
}


def _run_slow(engine_url: str, timeout: float) -> tuple[BaseException | None, float]:
    engine = create_engine(Settings(database_url=engine_url, statement_timeout=timeout))
    started = time.monotonic()
    caught: BaseException | None = None
    try:
        with database_errors():
            conn = engine.raw_connection()
            try:
                cursor = conn.cursor()
                cursor.execute(SLOW[engine.dialect.name])
                cursor.fetchall()
            finally:
                conn.close()
    except QueryTimeout as exc:
        caught = exc
    elapsed = time.monotonic() - started
    # the pool's connection is usable again after the cancellation
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT 1").scalar() == 1
    engine.dispose()
    return caught, elapsed


def test_a_runaway_statement_is_cancelled(settings: Settings) -> None:
    caught, elapsed = _run_slow(settings.database_url, 0.2)
    assert isinstance(caught, QueryTimeout)
    assert caught.status == 503 and caught.slug == "timeout"
    assert elapsed < 5


def test_statements_within_the_limit_run(settings: Settings) -> None:
    engine = create_engine(Settings(database_url=settings.database_url, statement_timeout=5))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM mission").scalar()
    engine.dispose()


async def _slow(request: Request) -> Response:
    """A test-only route: one slow statement through the Store's engine and the same error
    mapping the Store uses."""
    engine = request.app.state.engine

    def run() -> None:
        with database_errors():
            conn = engine.raw_connection()
            try:
                conn.cursor().execute(SLOW[engine.dialect.name])
            finally:
                conn.close()

    await run_in_threadpool(run)
    return JSONResponse({})


def test_a_slow_request_gets_a_503_timeout_problem(settings: Settings) -> None:
    app: Starlette = create_app(
        Settings(**{**vars(settings), "statement_timeout": 0.2})  # type: ignore[arg-type]
    )
    app.router.routes.append(Route("/_slow", _slow))
    with TestClient(app, raise_server_exceptions=False) as client:
        started = time.monotonic()
        response = client.get("/_slow")
        assert time.monotonic() - started < 5
        assert client.get("/v1/missions?limit=1").status_code == 200  # the app serves on
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "1"
    problem = response.json()
    assert problem["type"] == "/problems/timeout" and problem["title"] == "Query timed out"


@pytest.fixture(scope="module")
def crowded_sqlite(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the test database with a hundred copies of every event and its actors:
    enough rows that every request below runs past the progress handler's 1,000
    instructions per look at the clock (a page of the 43 seeded events, read in index
    order, finishes before the handler first looks, and so does SQLite's count of a table).
The JSON page sorts on unindexed fields so that it reads every row."""
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("a microsecond limit is a SQLite device; PostgreSQL's smallest is 1 ms")
    source = settings.database_url.removeprefix("sqlite:///")
    path = tmp_path_factory.mktemp("crowded") / "peaceops.db"
    with sqlite3.connect(source) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    copies = "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 100) "
    with sqlite3.connect(path) as conn:
        for table, key in (("event", "id"), ("event_actor", "event")):
            cols = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            select = ", ".join(f"{c} || '~' || n" if c == key else c for c in cols)
            conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) {copies}SELECT {select} FROM {table}, k")
    return f"sqlite:///{path}"


@pytest.mark.parametrize(
    "url",
    [
        "/v1/events?sort=title",
        "/v1/events?format=csv",
        "/v1/events?format=ndjson&expand=actors",
        "/v1/events?q=Kenya",
    ],
)
def test_real_sqlite_requests_past_the_limit(make_client: MakeClient, url: str, crowded_sqlite: str) -> None:
    with make_client(statement_timeout=1e-6, database_url=crowded_sqlite) as client:
        response = client.get(url)
    assert response.status_code == 503, response.text
    assert response.json()["type"] == "/problems/timeout"


def test_graphql_past_the_limit_is_a_503(make_client: MakeClient, crowded_sqlite: str) -> None:
    with make_client(statement_timeout=1e-6, database_url=crowded_sqlite) as client:
        response = client.post(
            "/graphql", json={"query": "{ events(first: 500) { nodes { id title actors { stance } } } }"}
        )
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "TIMEOUT"
