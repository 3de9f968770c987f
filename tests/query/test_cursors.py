"""One cursor rule: REST pages, GraphQL edges and batched child pages build cursors from
the effective sort (``keyset.effective_sort``), and a deployment signs them with one key
that every worker shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from starlette.testclient import TestClient

from api.db import create_engine
from api.query import ListQuery, Store
from api.settings import Settings

_STATE_TABLE = "CREATE TABLE dataset_state (id INTEGER PRIMARY KEY, version VARCHAR(64), updated_at TEXT)"


def _data(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = client.post("/graphql", json={"query": query, "variables": variables}).json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def test_every_edge_cursor_continues_where_its_row_is(client: TestClient) -> None:
    """Ordered by ID (which the effective sort does not repeat), each edge's cursor is the
    page's end cursor for its own row, and a nested page continues from it."""
    query = """query($after: String) { mission(id: "minustah") {
      mandates(orderBy: [{field: ID}], first: 3, after: $after) {
        edges { cursor node { id } } pageInfo { endCursor hasNextPage } } } }"""
    first = _data(client, query)["mission"]["mandates"]
    assert first["pageInfo"]["hasNextPage"]
    assert first["edges"][-1]["cursor"] == first["pageInfo"]["endCursor"]
    second = _data(client, query, after=first["pageInfo"]["endCursor"])["mission"]["mandates"]
    from_edge = _data(client, query, after=first["edges"][-1]["cursor"])["mission"]["mandates"]
    assert from_edge == second
    ids = [e["node"]["id"] for e in first["edges"] + second["edges"]]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    middle = _data(client, query, after=first["edges"][0]["cursor"])["mission"]["mandates"]
    assert [e["node"]["id"] for e in middle["edges"]][:2] == ids[1:3]


def test_root_edges_and_rest_pages_agree(client: TestClient) -> None:
    query = """{ missions(orderBy: [{field: ID, direction: DESC}], first: 2) {
      edges { cursor } pageInfo { endCursor } } }"""
    missions = _data(client, query)["missions"]
    rest = client.get("/v1/missions", params={"sort": "-id", "limit": 2}).json()
    assert missions["edges"][-1]["cursor"] == missions["pageInfo"]["endCursor"] == rest["meta"]["next_cursor"]


def test_one_key_per_deployment(database_url: str, make_database: Callable[[], str]) -> None:
    """Two workers over one database sign alike; another database's cursors are refused;
    PEACEOPS_SECRET_KEY wins where it is set."""
    query = ListQuery(resource="missions", limit=1)
    engines = [create_engine(Settings(database_url=database_url)) for _ in range(2)]
    other = create_engine(Settings(database_url=make_database()))
    try:
        one, two = (Store(e) for e in engines)
        assert one.cursor_key() == two.cursor_key() and len(one.cursor_key()) == 32
        with other.begin() as conn:
            conn.execute(sa.text(_STATE_TABLE))
        assert Store(other).cursor_key() != one.cursor_key()
        assert Store(engines[0], cursor_key=b"from the environment").cursor_key() == b"from the environment"
        cursor = one.list(query).next_cursor
        assert cursor is not None and two.list(ListQuery(resource="missions", limit=1, cursor=cursor)).rows
    finally:
        for engine in (*engines, other):
            engine.dispose()


def test_a_cursor_signed_by_another_key_is_a_400(client: TestClient, database_url: str) -> None:
    engine = create_engine(Settings(database_url=database_url))
    try:
        foreign = Store(engine, cursor_key=b"another deployment").list(
            ListQuery(resource="missions", limit=1)
        )
    finally:
        engine.dispose()
    response = client.get("/v1/missions", params={"limit": 1, "cursor": foreign.next_cursor})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "cursor"
