"""Exports the database spells (api.query.sql.sqlite_paths) say exactly what the Python renderers
say: the same CSV bytes, the same JSON values, for every resource, with and without a
projection, a filter and a limit. On PostgreSQL the Python path serves, and these tests
check that the text path declines."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from typing import Any

import orjson
import pytest
from starlette.responses import StreamingResponse
from starlette.testclient import TestClient

from api.query import RESOURCES, Condition, ListQuery, SortKey, Store
from api.query.sql.sqlite_paths import renders_in_sql
from api.rest.render import csv_stream, ndjson_stream, text_stream


def _body(response: StreamingResponse) -> bytes:
    async def read() -> bytes:
        parts = [chunk async for chunk in response.body_iterator]
        return b"".join(p if isinstance(p, bytes) else p.encode() for p in parts)

    return asyncio.run(read())


def _python(store: Store, query: ListQuery, fmt: str, limit: int | None = None) -> bytes:
    resource = RESOURCES[query.resource]
    _, rows = store.stream_tuples(query, limit=limit)
    batches: Iterator[Sequence[Sequence[Any]]] = rows
    render = csv_stream if fmt == "csv" else ndjson_stream
    return _body(render(resource, batches, query.fields))


def _database(store: Store, query: ListQuery, fmt: str, limit: int | None = None) -> bytes | None:
    chunks = store.stream_text(query, fmt, limit=limit)
    if chunks is None:
        return None
    return _body(text_stream(RESOURCES[query.resource], chunks, fmt, query.fields))


QUERIES = [
    *(ListQuery(resource=name) for name in RESOURCES),
    ListQuery(resource="events", fields=("id", "title", "summary", "updated_at")),
    ListQuery(resource="events", conditions=(Condition("mission", "eq", "mss-haiti"),), limit=5),
    ListQuery(resource="mandates", fields=("id", "penholders", "symbol")),
    ListQuery(resource="observations", fields=("id", "metric", "increment", "as_of")),
    ListQuery(resource="missions", q="Kenya"),
    # The as-of day replaces a mission's status with its status on that day.
    ListQuery(resource="missions", as_of=dt.date(2019, 1, 1)),
    ListQuery(
        resource="mandates", sort=(SortKey("adopted_on", descending=True),), fields=("id", "adopted_on")
    ),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.resource}:{q.fields}:{q.q}")
@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_database_and_python_spell_rows_alike(store: Store, query: ListQuery, fmt: str) -> None:
    expected = _python(store, query, fmt)
    got = _database(store, query, fmt)
    resource = RESOURCES[query.resource]
    fields = query.fields if query.fields is not None else resource.field_names
    if not store.sqlite or not renders_in_sql(resource, fields):
        assert got is None  # the Python path serves
        return
    assert got is not None
    header = 1 if fmt == "csv" else 0
    assert len(expected.splitlines()) > header, "the comparison needs rows"
    if fmt == "csv":
        assert got == expected
        assert list(csv.reader(io.StringIO(got.decode()))) == list(csv.reader(io.StringIO(expected.decode())))
    else:
        assert [orjson.loads(line) for line in got.splitlines()] == [
            orjson.loads(line) for line in expected.splitlines()
        ]


def test_text_that_needs_quoting_is_quoted_as_the_csv_module_does(store: Store) -> None:
    """Commas, double quotes and line breaks in free text, read back cell for cell."""
    if not store.sqlite:
        pytest.skip("the database spells rows on SQLite only")
    query = ListQuery(resource="sources", fields=("id", "title", "publisher"))
    got = _database(store, query, "csv")
    assert got is not None
    rows = list(csv.reader(io.StringIO(got.decode())))
    titles = [r[1] for r in rows[1:]]
    assert any("," in t for t in titles) or any('"' in t for t in titles)
    assert got == _python(store, query, "csv")


def test_exports_over_http_take_the_database_path(client: TestClient, store: Store) -> None:
    csv_text = client.get("/v1/events?format=csv&mission=mss-haiti").text
    ndjson = client.get("/v1/events?format=ndjson&mission=mss-haiti").text
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    records = [orjson.loads(line) for line in ndjson.splitlines()]
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert len(records) > 10
    assert all(r["mission"] == "mss-haiti" for r in records)
    assert all(r["updated_at"].endswith("Z") for r in records)


@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_a_limited_stream_after_a_cursor_is_spelled_alike(store: Store, fmt: str) -> None:
    """``limit`` and ``cursor`` reach the rendered statement as they reach the rows."""
    if not store.sqlite:
        pytest.skip("the database spells rows on SQLite only")
    first = store.list(ListQuery(resource="events", limit=5))
    assert first.next_cursor is not None
    query = ListQuery(resource="events", limit=5, cursor=first.next_cursor)
    got = _database(store, query, fmt, limit=7)
    assert got is not None
    assert got == _python(store, query, fmt, limit=7)
    lines = got.decode().splitlines()
    assert len(lines) == 7 + (1 if fmt == "csv" else 0)
    assert first.rows[-1]["id"] not in got.decode()
