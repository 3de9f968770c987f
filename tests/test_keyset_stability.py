"""Keyset paging while rows are inserted: no duplicate, and nothing that existed when
paging began is skipped, for every sort direction (the query layer, as both faces use it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from api.curation.seed import load_seed
from api.db import create_engine, write_transaction
from api.db.migrate import upgrade
from api.models import Event
from api.query import ListQuery, SortKey, Store
from api.settings import Settings

SEED = Path(__file__).resolve().parent.parent / "seed"


@pytest.fixture(scope="module")
def writable(make_database: Callable[[], str]) -> Iterator[Engine]:
    engine = create_engine(Settings(database_url=make_database()))
    upgrade(engine)
    load_seed(engine, SEED)
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    "sort", [(SortKey("date"),), (SortKey("date", True),), (SortKey("mission", True), SortKey("title"))]
)
def test_inserts_between_pages_neither_duplicate_nor_skip(
    writable: Engine, sort: tuple[SortKey, ...]
) -> None:
    store = Store(writable)
    table = Event.__table__  # type: ignore[attr-defined]
    with writable.connect() as conn:
        before = set(conn.execute(sa.select(table.c.id)).scalars())
    seen: list[str] = []
    cursor = None
    n = 0
    while True:
        page = store.list(ListQuery(resource="events", sort=sort, limit=6, cursor=cursor))
        seen += [r["id"] for r in page.rows]
        with write_transaction(writable) as conn:  # a curator adds rows on both sides of the cursor
            for day in (dt.date(1990, 1, 1), dt.date(2030, 1, 1)):
                n += 1
                conn.execute(
                    sa.insert(table).values(
                        id=f"inserted-{'-'.join(map(str, sort))}-{n}",
                        date=day,
                        date_precision="day",
                        kind="other",
                        title=f"Inserted {n}",
                        mission=None,
                    )
                )
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)), "a row was served twice"
    assert before <= set(seen), f"skipped: {sorted(before - set(seen))}"
