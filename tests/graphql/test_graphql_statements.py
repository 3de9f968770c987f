"""The number of SQL statements a query runs does not grow with the rows it touches.

Counting happens at the database: every SQLite connection of a fresh app gets a trace
callback (``sqlite3.Connection.set_trace_callback``) in a ``connect`` listener, so the
Store's raw DBAPI cursors (which bypass SQLAlchemy's ``before_cursor_execute``) are
counted as well as its SQLAlchemy connections. PostgreSQL has no such hook; the test is
skipped there (the statements are the same, built by the same plans).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings

QUERY = """query($filter: MissionFilter) { missions(filter: $filter, first: 20) { nodes { id
    lead { name }
    mandates(first: 10) { nodes { symbol votes { vote member { name } } sources { id } } }
    events(first: 10) { nodes { title actors { role contributor { name } } sources { id } } }
} } }"""


class Trace:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, sql: str) -> None:
        # Not counted: PRAGMAs, and the dataset version, which a store reads again when the
        # second it trusts its copy has passed (on a loaded machine, between two requests).
        text = sql.lstrip()
        if not text.upper().startswith("PRAGMA") and not text.startswith("SELECT dataset_state.version"):
            self.statements.append(sql)


@pytest.fixture(scope="module")
def traced(settings: Settings) -> Iterator[tuple[TestClient, Trace]]:
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("statement tracing uses SQLite's trace callback")
    # Every read on a pooled connection, which the trace sees (quick reads open their own);
    # the response cache off: a repeated query would run no statement at all.
    app = create_app(dataclasses.replace(settings, quick_read_ms=0, cache_mb=0))
    trace = Trace()

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_trace_callback(trace)

    sa.event.listen(app.state.engine, "connect", on_connect)
    with TestClient(app) as client:
        yield client, trace


def _count(traced: tuple[TestClient, Trace], **variables: Any) -> tuple[int, dict[str, Any]]:
    client, trace = traced
    trace.statements.clear()
    body = client.post("/graphql", json={"query": QUERY, "variables": variables}).json()
    assert "errors" not in body, body
    return len(trace.statements), body["data"]


def test_one_mission_or_all_run_the_same_statements(traced: tuple[TestClient, Trace]) -> None:
    _count(traced, filter={"hostCountry": {"eq": "HTI"}})  # the first request reads the cursor key
    one, one_data = _count(traced, filter={"id": {"eq": "mss-haiti"}})
    every, all_data = _count(traced, filter={"hostCountry": {"eq": "HTI"}})
    assert len(one_data["missions"]["nodes"]) == 1
    assert len(all_data["missions"]["nodes"]) > 1
    votes = sum(len(m["votes"]) for x in all_data["missions"]["nodes"] for m in x["mandates"]["nodes"])
    assert votes > 50
    assert one == every
    # missions, leads, mandate pages, event pages, votes, actors, sources of mandates,
    # sources of events, contributors (voters and actors: one loader, batched per level)
    assert every <= 10, every
