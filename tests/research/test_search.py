"""Full-text search: a contributor's name finds its events, sort=relevance ranks best first
by a score of 0 or more, higher is better, on both engines (bm25 negated on SQLite, ts_rank
on PostgreSQL) with keyset pages that stay exact, relevance needs a search, and the index
follows the records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from starlette.testclient import TestClient

from api.curation.search_index import sync_search_documents
from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.models import Event
from api.query import ListQuery, SortKey, Store
from api.settings import Settings
from tests.conftest import SEED


def _ids(rest: Callable[..., Any], url: str, **params: Any) -> list[str]:
    return [r["id"] for r in rest(url, limit=500, **params)["data"]]


def test_a_contributors_name_finds_its_events(rest: Callable[..., Any]) -> None:
    for contributor, name in (("jamaica", "Jamaica"), ("benin", "Benin"), ("guatemala", "Guatemala")):
        acted = set(_ids(rest, "/v1/events", actor=contributor))
        assert acted and acted <= set(_ids(rest, "/v1/events", q=name)), contributor


def test_relevance_ranks_and_pages_exactly(rest: Callable[..., Any], graph: Callable[..., Any]) -> None:
    whole = rest("/v1/events", q="Kenya", sort="relevance", limit=500)["data"]
    ranks = [r["relevance"] for r in whole]
    assert len(whole) > 5 and ranks == sorted(ranks, reverse=True)  # best (highest) first
    assert all(isinstance(r, float) and r >= 0 for r in ranks) and ranks[0] > ranks[-1]
    worst_first = rest("/v1/events", q="Kenya", sort="-relevance", limit=500)["data"]
    assert [r["relevance"] for r in worst_first] == sorted(ranks)
    paged: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"q": "Kenya", "sort": "relevance", "limit": 3}
        if cursor:
            params["cursor"] = cursor
        body = rest("/v1/events", **params)
        paged += [r["id"] for r in body["data"]]
        cursor = body["meta"]["next_cursor"]
        if cursor is None:
            break
    assert paged == [r["id"] for r in whole]
    data = graph('{ events(q: "Kenya", orderBy: [{field: RELEVANCE}], first: 500) { nodes { id } } }')
    assert [n["id"] for n in data["events"]["nodes"]] == paged


def test_a_title_match_ranks_above_a_passing_mention(rest: Callable[..., Any]) -> None:
    # Titles weigh ten times the body: an event titled with the word comes first.
    [best, *rest_of_them] = rest("/v1/events", q="Guatemala", sort="relevance", limit=500)["data"]
    assert "Guatemala" in best["title"]
    assert all(best["relevance"] >= r["relevance"] for r in rest_of_them)


def test_relevance_without_a_search_is_refused(client: TestClient) -> None:
    for params in ({"sort": "relevance"}, {"sort": "-relevance,name"}):
        response = client.get("/v1/missions", params=params)
        assert response.status_code == 400, params
        [problem] = response.json()["errors"]
        assert problem["field"] == "sort" and "q" in problem["message"]
        assert "relevance" not in problem["allowed"] and "name" in problem["allowed"]
    body = client.post(
        "/graphql", json={"query": "{ missions(orderBy: [{field: RELEVANCE}]) { nodes { id } } }"}
    ).json()
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "give q" in error["message"]
    # With words that match nothing, or none at all, there is nothing to rank: an empty list.
    for q in ("Zanzibar", "!!"):
        assert client.get("/v1/missions", params={"q": q, "sort": "relevance"}).json()["data"] == []


def test_the_index_follows_changed_records(make_database: Callable[[], str]) -> None:
    engine = create_engine(Settings(database_url=make_database()))
    try:
        upgrade(engine)
        load_seed(engine, SEED)
        store = Store(engine)
        query = ListQuery(resource="events", q="Zanzibar", sort=(SortKey("relevance"),))
        assert store.list(query).rows == []
        event = Event.__table__  # type: ignore[attr-defined]
        with engine.begin() as conn:
            conn.execute(
                sa.update(event)
                .where(event.c.id == "2023-07-kenya-pledges-1000-police")
                .values(location="Zanzibar")
            )
            assert sync_search_documents(conn) == 1  # one document rewritten, nothing else
        assert [r["id"] for r in store.list(query).rows] == ["2023-07-kenya-pledges-1000-police"]
    finally:
        engine.dispose()
