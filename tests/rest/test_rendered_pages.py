"""Pages whose records the database writes as JSON (``Store.list_json``) hold the same
records, counts and cursors as the pages ``Store.list`` builds in Python, for every
resource, with projections, filters, sorts, search and as-of, page after page. On
PostgreSQL (and for what SQLite cannot spell exactly) ``renders_json`` declines."""

from __future__ import annotations

import dataclasses
import datetime as dt

import orjson
import pytest
from starlette.testclient import TestClient

from api.query import RESOURCES, Condition, ListQuery, SortKey, Store
from api.query.sql.sqlite_paths import renders_in_sql
from api.rest.render import project

QUERIES = [
    *(ListQuery(resource=name, limit=3) for name in RESOURCES),
    ListQuery(resource="events", fields=("id", "title", "summary", "updated_at"), limit=6),
    ListQuery(resource="events", conditions=(Condition("mission", "eq", "mss-haiti"),), limit=4),
    ListQuery(resource="events", sort=(SortKey("kind"), SortKey("date", descending=True)), limit=9),
    ListQuery(resource="mandates", fields=("id", "penholders", "symbol"), limit=5),
    ListQuery(resource="mandates", sort=(SortKey("expires_on", descending=True),), limit=4),
    ListQuery(resource="observations", fields=("id", "metric", "increment", "as_of"), limit=5),
    ListQuery(resource="missions", q="Kenya", limit=2),
    ListQuery(resource="missions", as_of=dt.date(2019, 1, 1), limit=1),
    ListQuery(resource="contributors", sort=(SortKey("region"),), limit=4),
]


def _declines(store: Store, query: ListQuery) -> bool:
    resource = RESOURCES[query.resource]
    fields = query.fields if query.fields is not None else resource.field_names
    return not store.sqlite or not renders_in_sql(resource, fields)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.resource}:{q.fields}:{q.sort}:{q.q}")
def test_database_and_python_pages_alike(store: Store, query: ListQuery) -> None:
    if _declines(store, query):
        assert not store.renders_json(query)
        return
    assert store.renders_json(query)
    pages = 0
    cursor: str | None = None
    while True:
        q = dataclasses.replace(query, cursor=cursor)
        python, database = store.list(q), store.list_json(q)
        # Store.list reads whole records; the REST layer projects them (``fields=``).
        assert [orjson.loads(r) for r in database.records] == [project(r, q.fields, ()) for r in python.rows]
        assert (database.count, database.next_cursor) == (python.count, python.next_cursor)
        assert database.dataset_version == python.dataset_version
        pages += 1
        cursor = python.next_cursor
        if cursor is None:
            break
    assert pages > 1 or query.q is not None, "the comparison needs more than one page"


def test_what_the_database_cannot_spell_stays_in_python(store: Store) -> None:
    for query in (
        ListQuery(resource="events", expand=("actors",)),
        ListQuery(resource="missions", q="Kenya", sort=(SortKey("relevance"),)),
        ListQuery(resource="observations", fields=("id", "value")),  # a REAL field
    ):
        assert not store.renders_json(query)
        with pytest.raises(ValueError):
            store.list_json(query)


def test_an_http_page_is_the_python_page(client: TestClient, store: Store) -> None:
    query = ListQuery(resource="events", conditions=(Condition("mission", "eq", "mss-haiti"),), limit=3)
    response = client.get("/v1/events?mission=mss-haiti&limit=3")
    assert response.status_code == 200
    body = response.json()
    page = store.list(query)
    assert body["data"] == page.rows
    assert body["meta"] == {
        "count": page.count,
        "next_cursor": page.next_cursor,
        "dataset_version": page.dataset_version,
    }
    assert body["links"]["next"].endswith("&cursor=" + page.next_cursor)
    assert response.headers["link"] == f'<{body["links"]["next"]}>; rel="next"'
    again = client.get(
        "/v1/events?mission=mss-haiti&limit=3", headers={"If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304
