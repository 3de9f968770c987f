"""The two spellings of a search (api.query.sql.search.search_condition) select the same rows in the same
order: ``id IN (matches)``, which the seed's few matches always get, and the row-by-row
probe that the store chooses when words match many documents. Forcing the probe on the
test database must change nothing a client can see, page after page."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

import api.query.sql.sqlite_paths as sqlite_paths
from api.query import Condition, ListQuery, SortKey, Store


def _pages(store: Store, query: ListQuery) -> tuple[list[str], int | None]:
    ids: list[str] = []
    page = store.list(query)
    count = page.count
    ids.extend(r["id"] for r in page.rows)
    while page.next_cursor is not None:
        page = store.list(replace(query, cursor=page.next_cursor))
        ids.extend(r["id"] for r in page.rows)
    return ids, count


QUERIES = [
    ListQuery(resource="events", q="Kenya", limit=3),
    ListQuery(resource="events", q="Security Council", limit=4, sort=(SortKey("date", descending=True),)),
    ListQuery(resource="events", q="contingent arrives", limit=2, sort=(SortKey("title"),)),
    ListQuery(resource="missions", q="Haiti", limit=2),
    ListQuery(resource="sources", q="resolution", limit=5),
    ListQuery(resource="events", q="Kenya", limit=2, conditions=(Condition("mission", "eq", "mss-haiti"),)),
    ListQuery(resource="missions", q="Haiti", limit=2, as_of=dt.date(2020, 1, 1)),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.resource}:{q.q}:{q.sort}")
def test_probe_and_list_agree(store: Store, query: ListQuery, monkeypatch: pytest.MonkeyPatch) -> None:
    listed = _pages(store, query)
    assert listed[0], "the comparison needs matches"
    # The probe on either engine (the store chooses it on SQLite only).
    monkeypatch.setattr(Store, "_many_matches", lambda self, cursor, query: True)
    store.forget()  # counts were cached by the first pass
    probed = _pages(store, query)
    assert probed == listed


def test_the_probe_is_chosen_only_for_many_matches(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    if not store.sqlite:
        pytest.skip("the estimate reads SQLite's FTS5 index")
    with store.engine.connect() as conn:
        cursor = conn.connection.cursor()
        query = ListQuery(resource="events", q="Kenya")
        assert not store._many_matches(cursor, query)
        monkeypatch.setattr(sqlite_paths, "MANY_MATCHES", 2)
        assert store._many_matches(cursor, query)
        ranked = replace(query, sort=(SortKey("relevance"),))
        assert not store._many_matches(cursor, ranked)  # relevance needs every match


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.resource}:{q.q}:{q.sort}")
def test_deferred_rows_change_nothing(
    store: Store, query: ListQuery, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite a search page sorts its matches' keys first and reads only its own rows
    in full (``sqlite_paths.page_keys``); read directly, the pages are the same, row for row."""
    deferred = [store.list(replace(query, cursor=c)).rows for c in _cursors(store, query)]
    monkeypatch.setattr(sqlite_paths, "defers", lambda *args, **kwargs: False)
    store.forget()
    direct = [store.list(replace(query, cursor=c)).rows for c in _cursors(store, query)]
    assert deferred == direct and deferred[0]


def _cursors(store: Store, query: ListQuery) -> list[str | None]:
    cursors: list[str | None] = [None]
    while (page := store.list(replace(query, cursor=cursors[-1]))).next_cursor is not None:
        cursors.append(page.next_cursor)
    return cursors


def test_a_search_page_is_deferred_on_sqlite_only(store: Store) -> None:
    from api.query.resources import RESOURCES
    from api.query.sql.plan import plan_page

    by_title = QUERIES[2]
    plan = plan_page(RESOURCES["events"], by_title, sqlite=store.sqlite, fast=store.fast)
    sql = str(plan.shape.build().compile(dialect=store.engine.dialect))
    assert ("event.id IN (SELECT event.id" in sql) is store.sqlite


def test_a_search_in_date_order_is_ordered_on_its_documents_on_sqlite_only(store: Store) -> None:
    from api.query.resources import RESOURCES
    from api.query.sql.plan import plan_page

    for query in QUERIES[:2]:  # by date, both ways
        plan = plan_page(RESOURCES["events"], query, sqlite=store.sqlite, fast=store.fast)
        sql = str(plan.shape.build().compile(dialect=store.engine.dialect))
        assert ("ORDER BY search_document.sort_key" in sql) is store.sqlite
    filtered = plan_page(RESOURCES["events"], QUERIES[5], sqlite=store.sqlite, fast=store.fast)
    assert "sort_key" not in str(filtered.shape.build().compile(dialect=store.engine.dialect))


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.resource}:{q.q}:{q.sort}")
def test_ordering_on_documents_changes_nothing(
    store: Store, query: ListQuery, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a search page is ordered on its documents' sort keys (``plan._document_keys``),
    the pages are those of the records' own columns, row for row, cursor for cursor."""
    on_documents = [store.list(replace(query, cursor=c)).rows for c in _cursors(store, query)]
    monkeypatch.setattr(sqlite_paths, "orders_documents", lambda *args, **kwargs: False)
    monkeypatch.setattr(sqlite_paths, "defers", lambda *args, **kwargs: False)
    store.forget()
    direct = [store.list(replace(query, cursor=c)).rows for c in _cursors(store, query)]
    assert on_documents == direct and on_documents[0]
