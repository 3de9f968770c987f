"""Stored records (migration 0007, SQLite): every row's stored JSON object is the object
the app spells from the row, after the seed, after writes of any kind (the triggers), and
the app reads it only where it holds exactly the declared fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import downgrade, upgrade
from api.query import RESOURCES, Condition, ListQuery, Store
from api.query.sql.plan import plan_page
from api.query.sql.sqlite_paths import rendered_line, renders_in_sql
from api.settings import Settings
from tests.conftest import ROOT, SEED

_EVENT_FIELDS = "SELECT fields FROM stored_record WHERE resource = 'events'"
SPELLED = sorted(name for name, r in RESOURCES.items() if renders_in_sql(r, r.field_names))


@pytest.fixture(scope="module")
def sqlite_engine(make_database: Callable[[], str]) -> Iterator[Engine]:
    """A database of this module's own (its rows are rewritten), on SQLite only."""
    url = make_database()
    if not url.startswith("sqlite"):
        pytest.skip("stored records are SQLite's (migration 0007)")
    engine = create_engine(Settings(database_url=url))
    upgrade(engine)
    load_seed(engine, SEED)
    yield engine
    engine.dispose()


def _differences(engine: Engine) -> dict[str, list[str]]:
    """Per resource, the ids (or row numbers) whose stored object is not the spelled one."""
    out: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for name in SPELLED:
            resource = RESOURCES[name]
            cols = {f.name: f.column for f in resource.fields}
            spelled = rendered_line(resource, resource.field_names, cols, "json")
            stored = sa.cast(sa.literal_column(f"{resource.table.name}.record_json"), sa.LargeBinary)
            rows = conn.execute(sa.select(stored, spelled).select_from(resource.table)).all()
            assert rows, f"{name}: no rows to compare"
            out[name] = [orjson.loads(b).get("id", str(i)) for i, (a, b) in enumerate(rows) if a != b]
    return out


def _stored(engine: Engine) -> frozenset[str]:
    with engine.connect() as conn:
        return Store(engine).stored_records(conn.connection.dbapi_connection.cursor())


def test_every_stored_object_is_the_spelled_one(sqlite_engine: Engine) -> None:
    assert _differences(sqlite_engine) == {name: [] for name in SPELLED}


def test_the_stored_fields_are_the_declared_ones(sqlite_engine: Engine) -> None:
    """Fails when a resource's fields change: a migration must then rewrite its stored
    objects, triggers and ``stored_record`` row (until then the app spells the objects)."""
    assert _stored(sqlite_engine) == frozenset(SPELLED)


def test_whole_records_are_read_stored_and_projections_spelled(sqlite_engine: Engine) -> None:
    store = Store(sqlite_engine)
    events = RESOURCES["events"]

    def sql(query: ListQuery, fields: tuple[str, ...], fmt: str = "json") -> str:
        plan = plan_page(events, query, sqlite=True, fast=True, render=(fmt, fields), stored=True)
        return str(plan.shape.build().compile(dialect=sqlite_engine.dialect))

    whole = ListQuery(resource="events", conditions=(Condition("mission", "eq", "mss-haiti"),))
    assert "record_json" in sql(whole, events.field_names)
    assert "record_json" in sql(whole, events.field_names, "ndjson")
    assert "record_json" not in sql(whole, ("id", "title"))
    assert "record_json" not in sql(whole, events.field_names, "csv")
    as_of = dataclasses.replace(whole, as_of=dt.date(2024, 1, 1))
    assert "record_json" not in sql(as_of, events.field_names)  # as of a day: spelled from that day
    page = store.list_json(whole)
    assert [orjson.loads(r) for r in page.records] == store.list(whole).rows


def test_writes_of_any_kind_keep_the_objects(sqlite_engine: Engine) -> None:
    """Raw SQL, as a script would write: the triggers follow every insert and update."""
    with sqlite_engine.begin() as conn:
        conn.exec_driver_sql("UPDATE event SET title = 'Renamed \"quoted\" title', version = version + 1")
        conn.exec_driver_sql(
            "UPDATE mission SET chapter_vii = NOT chapter_vii, updated_at = '2026-11-29 10:11:12.000000'"
        )
        conn.exec_driver_sql("""UPDATE mandate SET penholders = '["us", "ecuador"]'""")
        conn.exec_driver_sql(
            "INSERT INTO event (id, date, date_precision, kind, title, summary, version, created_at, "
            "updated_at) VALUES ('a-new-event', '2026-11-29', 'day', 'statement', 'A new event', NULL, 1, "
            "'2026-11-29 09:00:00.000000', NULL)"
        )
        conn.exec_driver_sql("UPDATE contributor SET region = NULL")
        conn.exec_driver_sql("UPDATE vote SET vote = vote")
    assert _differences(sqlite_engine) == {name: [] for name in SPELLED}
    store = Store(sqlite_engine)
    page = store.list_json(ListQuery(resource="events", conditions=(Condition("id", "eq", "a-new-event"),)))
    [record] = [orjson.loads(r) for r in page.records]
    assert record["title"] == "A new event" and record["created_at"] == "2026-11-29T09:00:00.000000Z"


def test_objects_of_other_fields_are_not_read(sqlite_engine: Engine) -> None:
    """A stored_record row whose fields are not the declared ones (a field declared since,
    without a migration): the app spells those objects, and its pages stay right."""
    with sqlite_engine.begin() as conn:
        fields = conn.exec_driver_sql(
            "SELECT fields FROM stored_record WHERE resource = 'events'"
        ).scalar_one()
        conn.exec_driver_sql(
            "UPDATE stored_record SET fields = ? WHERE resource = 'events'",
            (json.dumps(json.loads(fields)[:-1]),),
        )
        conn.exec_driver_sql("UPDATE event SET record_json = '{}'")  # wrong objects, never to be read
    try:
        assert "events" not in _stored(sqlite_engine)
        store = Store(sqlite_engine)
        query = ListQuery(resource="events", limit=5)
        assert [orjson.loads(r) for r in store.list_json(query).records] == store.list(query).rows
    finally:
        with sqlite_engine.begin() as conn:
            conn.exec_driver_sql("UPDATE stored_record SET fields = ? WHERE resource = 'events'", (fields,))
            expression = conn.exec_driver_sql(
                "SELECT expression FROM stored_record WHERE resource = 'events'"
            ).scalar_one()
            conn.exec_driver_sql(f"UPDATE event SET record_json = {expression}")  # as a bulk loader does
    assert _differences(sqlite_engine)["events"] == []


def test_before_the_migration_objects_are_spelled(sqlite_engine: Engine) -> None:
    with sqlite_engine.begin() as conn:
        # Before 0008 a symbol named one mandate: the second mandate of a resolution goes.
        shared = "SELECT id FROM mandate WHERE resolution IS NOT NULL AND id != resolution"
        conn.exec_driver_sql(f"DELETE FROM mandate_source WHERE record_id IN ({shared})")
        conn.exec_driver_sql(f"DELETE FROM mandate WHERE id IN ({shared})")
    downgrade(sqlite_engine, "0006")
    try:
        assert _stored(sqlite_engine) == frozenset()
        store = Store(sqlite_engine)
        query = ListQuery(resource="events", limit=5)
        assert [orjson.loads(r) for r in store.list_json(query).records] == store.list(query).rows
    finally:
        upgrade(sqlite_engine)
        load_seed(sqlite_engine, SEED)
    assert _stored(sqlite_engine) == frozenset(SPELLED)
    assert _differences(sqlite_engine) == {name: [] for name in SPELLED}


def test_the_bench_generator_writes_the_objects(tmp_path: Path, make_database: Callable[[], str]) -> None:
    """``bench/generate.py`` loads with the triggers off, then writes the objects in bulk
    from ``stored_record``: the same objects as the triggers write."""
    if not make_database().startswith("sqlite"):
        pytest.skip("the generator writes SQLite")
    out = tmp_path / "bench.db"
    command_line = [sys.executable, str(ROOT / "bench" / "generate.py"), "--events", "3000"]
    command_line += ["--observations", "300", "--missions", "20", "--contributors", "30", "--out", str(out)]
    subprocess.run(command_line, check=True, capture_output=True, timeout=300)
    engine = create_engine(Settings(database_url=f"sqlite:///{out}"))
    try:
        assert _differences(engine) == {name: [] for name in SPELLED}
        assert _stored(engine) == frozenset(SPELLED)
    finally:
        engine.dispose()
