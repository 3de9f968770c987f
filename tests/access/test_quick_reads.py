"""Quick reads (``api.access.quick``, ``api.access``): a read runs on the caller's
thread within a budget of database time, and moves to a database thread when it is cut
or needs the pool. Either way the answer is the same."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

import api.access as access_module
from api.access import Access
from api.access.quick import OverBudget
from api.curation.writes import Curator
from api.db import create_engine, write_transaction
from api.models import Event
from api.query import Condition, ListQuery, Store
from api.query.lent import lent
from api.query.spec import SortKey
from api.settings import Settings
from tests.curation.probe import insert_probe_event

_event = Event.__table__  # type: ignore[attr-defined]
PAGE = ListQuery(resource="events", conditions=(Condition("mission", "eq", "mss-haiti"),), limit=5)
EXPANDED = ListQuery(resource="events", limit=3, expand=("actors",))


def _access(engine: Engine, budget: float, *, warm: bool = True) -> Access:
    store = Store(engine)
    if warm:
        store.cursor_key()  # as the app's startup does (Access.warm)
    return Access(store, Curator(store), quick_budget=budget)


@pytest.fixture()
def quick(engine: Engine) -> Access:
    if engine.dialect.name != "sqlite":
        pytest.skip("quick reads are SQLite's (PostgreSQL reads go to a thread)")
    return _access(engine, 0.5)


def _no_threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every read that went to a thread (and still runs it)."""
    hops: list[str] = []
    real = access_module.run_in_threadpool

    async def counted(fn: Any, *args: Any) -> Any:
        hops.append(getattr(getattr(fn, "func", fn), "__name__", "?"))
        return await real(fn, *args)

    monkeypatch.setattr(access_module, "run_in_threadpool", counted)
    return hops


def test_a_cheap_read_stays_on_the_callers_thread(quick: Access, monkeypatch: pytest.MonkeyPatch) -> None:
    hops = _no_threads(monkeypatch)
    page = asyncio.run(quick.query(Store.list, PAGE))
    assert hops == []
    threaded = Store(quick.engine).list(PAGE)
    assert page == threaded and len(page.rows) == 5 and page.count == threaded.count


def test_a_read_past_its_budget_is_cut_and_rerun_on_a_thread(
    quick: Access, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick.quick.budget = 1e-9  # past before SQLite first asks the clock
    # The seed's statements are too small to reach the next clock check (every 1,000
    # virtual-machine steps): check at every step.
    conn = quick.quick.connection()
    conn.set_progress_handler(conn._past_deadline, 1)
    everything = ListQuery(resource="events", limit=500)
    store = Store(quick.engine)
    with pytest.raises(OverBudget), quick.quick.run():
        store.list(everything)
    hops = _no_threads(monkeypatch)
    page = asyncio.run(quick.query(Store.list, everything))
    assert hops == ["list"]
    assert page == store.list(everything)
    # The cut left nothing behind: the next quick read, with a budget, answers.
    quick.quick.budget = 0.5
    assert asyncio.run(quick.query(Store.list, PAGE)) == store.list(PAGE)


def test_a_stream_needs_the_pool(quick: Access) -> None:
    """A stream holds a connection for as long as its client reads: never a lent one (the
    REST exports run it on a thread, ``Access.query_on_thread``)."""
    store = Store(quick.engine)
    with pytest.raises(OverBudget), quick.quick.run():
        list(store.stream_tuples(PAGE)[1])


def test_expansions_children_and_records_by_id_are_quick(
    quick: Access, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They read on the lent connection (statements of a few IN-list sizes), so a page with
    its actors, a record with its sources and a GraphQL loader's batch stay on the loop."""
    store = Store(quick.engine)
    hops = _no_threads(monkeypatch)
    reads: list[tuple[Any, ...]] = [
        (Store.list, EXPANDED),
        (Store.get_many, "missions", ["mss-haiti", "binuh", "no-such-mission"]),
        (Store.children, "sources", "events", ["2004-04-30-s-res-1542-adopted", "x"]),
        (Store.children, "votes", "mandates", [f"m{n}" for n in range(600)]),  # two chunks
    ]
    for fn, *args in reads:
        assert asyncio.run(quick.query(fn, *args)) == fn(store, *args)
    key = ("2004-04-30-s-res-1542-adopted",)
    record = asyncio.run(quick.query(Store.get, "events", key, expand=("sources",)))
    assert record == store.get("events", key, expand=("sources",)) and record["sources"]
    assert hops == []
    page = asyncio.run(quick.query(Store.list, EXPANDED))
    assert all("actors" in row for row in page.rows)
    found = store.get_many("missions", ["mss-haiti", "no-such-mission"])
    assert list(found) == ["mss-haiti"]


def test_a_quick_connection_holds_no_snapshot_between_reads(
    writable_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A statement left open would pin the quick connection's view of the data (SQLite
    keeps a read transaction while any statement is active): a write committed between
    two quick reads must show in the second."""
    engine = create_engine(writable_settings)
    if engine.dialect.name != "sqlite":
        engine.dispose()
        pytest.skip("quick reads are SQLite's")
    try:
        quick = _access(engine, 0.5)
        hops = _no_threads(monkeypatch)
        query = ListQuery(resource="events", conditions=(Condition("mission", "eq", "mss-haiti"),), limit=1)
        before = asyncio.run(quick.query(Store.list, query))
        asyncio.run(quick.query(Store.get, "events", (before.rows[0]["id"],)))
        with write_transaction(engine) as conn:
            insert_probe_event(
                conn, "zz-quick-read-probe", day=dt.date(2030, 1, 1), title="A probe of quick reads"
            )
        newest = ListQuery(
            resource="events",
            conditions=(Condition("mission", "eq", "mss-haiti"),),
            limit=1,
            sort=(SortKey("date", descending=True),),
        )
        after = asyncio.run(quick.query(Store.list, newest, with_count=False))
        assert after.rows[0]["id"] == "zz-quick-read-probe"
        assert hops == []
    finally:
        engine.dispose()


def test_postgres_reads_are_never_quick(engine: Engine) -> None:
    assert _access(engine, 0.5).quick.enabled is (engine.dialect.name == "sqlite")


@pytest.fixture()
def budgetless(engine: Engine) -> Iterator[Access]:
    yield _access(engine, 0.0)


def test_a_zero_budget_sends_every_read_to_a_thread(
    budgetless: Access, monkeypatch: pytest.MonkeyPatch
) -> None:
    hops = _no_threads(monkeypatch)
    asyncio.run(budgetless.query(Store.list, PAGE))
    assert hops == ["list"]


def test_a_read_cut_twice_running_goes_straight_to_a_thread(
    quick: Access, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The budget is not spent again on a read known to be slow; once is not enough (a
    listing's first read also counts it), and a read that fits again is forgotten."""
    hops = _no_threads(monkeypatch)
    attempts: list[str] = []
    slow = {"now": True}

    def listing(store: Store, query: ListQuery) -> Any:
        attempts.append("quick" if lent() is not None else "thread")
        if slow["now"] and lent() is not None:
            raise OverBudget("as if cut")
        return store.list(query)

    for _ in range(4):
        asyncio.run(quick.query_as("the listing", listing, PAGE))
    assert attempts == ["quick", "thread", "quick", "thread", "thread", "thread"]
    assert len(hops) == 4
    # Other reads are not affected.
    asyncio.run(quick.query_as("another listing", listing, PAGE))
    assert attempts[-2:] == ["quick", "thread"]
    # Known slow, until it is tried again and fits (here: after the memory expires).
    monkeypatch.setattr("api.access.quick._SLOW_FOR", 0.0)
    slow["now"] = False
    asyncio.run(quick.query_as("the listing", listing, PAGE))
    assert attempts[-1] == "quick"
    monkeypatch.setattr("api.access.quick._SLOW_FOR", 30.0)
    asyncio.run(quick.query_as("the listing", listing, PAGE))
    assert attempts[-1] == "quick"


def test_a_first_quick_read_never_waits_for_the_engines_pool(
    quick: Access, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streams to slow clients can hold every pooled connection for minutes; a thread's
    first quick read must not wait for one on the event loop (found in review)."""
    engine = quick.engine
    monkeypatch.setattr(engine.pool, "_timeout", 2.0)  # were it to wait, not for 30 s
    fresh = _access(engine, 0.5)  # no quick connection yet (its cursor key read, as at startup)
    held = [engine.raw_connection() for _ in range(engine.pool.size() + engine.pool._max_overflow)]  # type: ignore[attr-defined]
    try:
        hops = _no_threads(monkeypatch)
        started = time.monotonic()
        page = asyncio.run(fresh.query(Store.list, PAGE, with_count=False))
        assert time.monotonic() - started < 1.0
        assert hops == [] and len(page.rows) == 5
    finally:
        for conn in held:
            conn.close()


def test_an_interrupt_while_sqlite_sets_up_the_search_index_is_a_cut(quick: Access) -> None:
    """The first statement on a connection that touches the FTS5 index makes SQLite read
    the index's configuration; cut there, the error is not ``interrupted`` but
    ``vtable constructor failed`` (found in review). Past the budget it is a cut all the
    same, and the read moves to a thread instead of answering 503."""
    fresh = _access(quick.engine, 1e-9)
    conn = fresh.quick.connection()
    conn.set_progress_handler(conn._past_deadline, 1)
    search = ListQuery(resource="events", q="Kenya", limit=2)
    with pytest.raises(OverBudget), fresh.quick.run():
        Store(quick.engine).list(search, with_count=False)
    page = asyncio.run(fresh.query(Store.list, search))
    assert page.rows == Store(quick.engine).list(search).rows


def test_an_in_memory_database_is_never_read_quick() -> None:
    """A quick connection is a connection of its own: to ``:memory:`` it would be another,
    empty database."""
    for url in ("sqlite://", "sqlite:///:memory:", "sqlite:///file:x?mode=memory&uri=true"):
        engine = sa.create_engine(url, poolclass=sa.pool.StaticPool)
        assert not _access(engine, 0.5, warm=False).quick.enabled, url
        engine.dispose()
