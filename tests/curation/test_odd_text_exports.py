"""Free text a curator may store (line breaks, a lone carriage return, quotes, commas,
empty strings, any Unicode) survives a CSV or NDJSON export: read back with ``csv`` and
a JSON parser, every value is the stored one, on either path (the database's spelling on
SQLite, the Python renderers elsewhere), and both paths write the same bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

import orjson
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from api.db import create_engine, write_transaction
from api.models import Event
from api.query import Condition, ListQuery, Store
from api.settings import Settings
from tests.rest.test_rendered_exports import _database, _python

_event = Event.__table__  # type: ignore[attr-defined]
ODD = {
    "zz-odd-cr": ("a lone\rcarriage return", "ends with CR\r", "Port\rau\rPrince"),
    "zz-odd-crlf": ("windows\r\nline", "two\n\nbreaks", None),
    "zz-odd-quotes": ('"quoted" and "more"', 'a "quote", then a comma', ""),
    "zz-odd-unicode": ("Ünïcødé, 🚀 and \u2028 separator", "tab\there", "Cap-Haïtien"),
}
QUERY = ListQuery(resource="events", conditions=(Condition("id", "in", tuple(ODD)),), sort=())


@pytest.fixture(scope="module")
def store(writable_settings: Settings) -> Iterator[Store]:
    engine: Engine = create_engine(writable_settings)
    now = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
    with write_transaction(engine) as conn:
        for record_id, (title, summary, location) in ODD.items():
            conn.execute(
                sa.insert(_event).values(
                    id=record_id,
                    date=dt.date(2025, 1, 2),
                    date_precision="day",
                    kind="statement",
                    title=title,
                    summary=summary,
                    location=location,
                    mission="mss-haiti",
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
    yield Store(engine)
    engine.dispose()


def _stored() -> dict[str, dict[str, str | None]]:
    return {k: {"title": t, "summary": s, "location": loc} for k, (t, s, loc) in ODD.items()}


@pytest.mark.parametrize("path", ["python", "database"])
def test_csv_reads_back_every_value(store: Store, path: str) -> None:
    body = _python(store, QUERY, "csv") if path == "python" else _database(store, QUERY, "csv")
    if body is None:
        pytest.skip("the database spells rows on SQLite only")
    rows = list(csv.DictReader(io.StringIO(body.decode(), newline="")))
    assert {r["id"] for r in rows} == set(ODD)
    for row in rows:
        for field, value in _stored()[row["id"]].items():
            assert row[field] == (value or "")  # NULL and "" are both an empty cell


def test_ndjson_reads_back_every_value(store: Store) -> None:
    for body in (_python(store, QUERY, "ndjson"), _database(store, QUERY, "ndjson")):
        if body is None:
            continue
        records = {r["id"]: r for r in map(orjson.loads, body.splitlines())}
        for record_id, fields in _stored().items():
            assert {k: records[record_id][k] for k in fields} == fields


def test_both_paths_write_the_same_bytes(store: Store) -> None:
    for fmt in ("csv", "ndjson"):
        database = _database(store, QUERY, fmt)
        if database is None:
            pytest.skip("the database spells rows on SQLite only")
        python = _python(store, QUERY, fmt)
        if fmt == "csv":
            assert database == python
        else:
            assert [orjson.loads(x) for x in database.splitlines()] == [
                orjson.loads(x) for x in python.splitlines()
            ]
