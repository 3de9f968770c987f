"""``meta.count`` is cached per dataset version: a count must be filed under the version
its own statement saw, never under the version a worker last read. Two Stores on one
database stand in for two workers; the other worker writes, then undoes its write (the
version comes back exactly, since it is a sum of row hashes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

import api.query.store as store_module
from api.db import create_engine, write_transaction
from api.models import Event
from api.query import Condition, ListQuery, Store
from api.research.dataset_version import refresh_dataset_version
from api.settings import Settings
from tests.curation.probe import insert_probe_event

_event = Event.__table__  # type: ignore[attr-defined]
QUERY = ListQuery(resource="events", conditions=(Condition("mission", "eq", "mss-haiti"),), limit=1)


@pytest.fixture()
def engine(writable_settings: Settings) -> Iterator[Engine]:
    engine = create_engine(writable_settings)
    yield engine
    engine.dispose()


def _other_worker_adds_an_event(engine: Engine) -> None:
    with write_transaction(engine) as conn:
        insert_probe_event(
            conn, "zz-count-cache-probe", day=dt.date(2025, 1, 1), title="A probe of the count cache"
        )
        refresh_dataset_version(conn)


def _other_worker_undoes_it(engine: Engine) -> None:
    with write_transaction(engine) as conn:
        conn.execute(sa.delete(_event).where(_event.c.id == "zz-count-cache-probe"))
        refresh_dataset_version(conn)


def test_a_count_is_filed_under_the_version_its_statement_saw(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Store(engine)
    monkeypatch.setattr(store_module, "_VERSION_TTL", 3600.0)  # the reader trusts its version
    before = reader.dataset_version()
    truth = Store(engine).list(QUERY).count
    assert truth is not None
    try:
        _other_worker_adds_an_event(engine)
        # The reader still believes the old version, and counts the new data.
        during = reader.list(QUERY)
        assert during.count == truth + 1
        assert during.dataset_version != before  # the version the count belongs to
    finally:
        _other_worker_undoes_it(engine)
    monkeypatch.setattr(store_module, "_VERSION_TTL", 0.0)  # the reader reads the version again
    after = reader.list(QUERY)
    assert after.dataset_version == before  # the undo restored the version exactly
    assert after.count == truth  # not the count taken while the event existed
