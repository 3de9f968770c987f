"""Numbers as written: 400 persons, not 400.0, in JSON, CSV, NDJSON and GraphQL, on every
path that writes an observation or a figure; money keeps its cents; the contracts say how
each value is typed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from pydantic import ValidationError
from starlette.testclient import TestClient

from api.app import create_app
from api.curation.records import ObservationIn
from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.graphql.schema import schema_sdl
from api.models import Observation
from api.query import ListQuery, Store
from api.query.numbers import as_written
from api.rest.openapi import openapi_document
from api.settings import Settings
from tests.conftest import SEED


def _numbers(value: Any) -> Iterator[int | float]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers(item)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield value


def _no_whole_floats(body: Any) -> None:
    whole = [n for n in _numbers(body) if isinstance(n, float) and n.is_integer()]
    assert whole == [], whole[:5]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"fields": "value"},  # a sparse row, without its unit
        {"expand": "sources"},
        {"metric": "personnel_deployed", "sort": "-value"},
    ],
)
def test_observation_pages_write_whole_numbers_without_a_decimal_part(
    client: TestClient, params: dict[str, str]
) -> None:
    response = client.get("/v1/observations", params={"limit": 500, **params})
    body = response.json()
    assert len(body["data"]) > 30
    _no_whole_floats(body)
    assert b".0," not in response.content and b".0}" not in response.content
    record = client.get("/v1/observations/mss-deployed-2024-11-haitichronicle").json()
    assert record["value"] == 430 and isinstance(record["value"], int)


@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_observation_exports_write_whole_numbers_without_a_decimal_part(client: TestClient, fmt: str) -> None:
    for params in (
        {"format": fmt},
        {"format": fmt, "fields": "id,value,unit"},
        {"format": fmt, "expand": "sources"},
    ):
        text = client.get("/v1/observations", params=params).text
        if fmt == "csv":
            values = [row["value"] for row in csv.DictReader(io.StringIO(text))]
            assert len(values) > 50 and not [v for v in values if v.endswith(".0")], params
        else:
            rows = [json.loads(line) for line in text.splitlines()]
            assert len(rows) > 50
            _no_whole_floats(rows)


@pytest.mark.parametrize(
    "url",
    [
        "/v1/missions/mss-haiti/snapshot?as_of=2025-06-01",
        "/v1/missions/mss-haiti/contributors?as_of=2025-06-01",
        "/v1/missions/mss-haiti/series?metric=personnel_deployed",
        "/v1/missions/mss-haiti/series?metric=funding_deposited",
        "/v1/missions/minustah/series?metric=personnel_authorized",
    ],
)
def test_research_answers_write_whole_numbers_without_a_decimal_part(client: TestClient, url: str) -> None:
    _no_whole_floats(client.get(url).json())


def test_graphql_writes_figures_as_rest_does(client: TestClient) -> None:
    query = """{ mission(id: "mss-haiti") {
      observations(first: 100) { nodes { id value unit } }
      snapshot(asOf: "2025-06-01") { figures { value low high reports { value } } }
      series(metric: PERSONNEL_DEPLOYED) { points { value level { value low high } }
                                           referenceLines { value low high } } } }"""
    response = client.post("/graphql", json={"query": query})
    body = response.json()
    assert "errors" not in body
    _no_whole_floats(body)
    nodes = body["data"]["mission"]["observations"]["nodes"]
    rest = {r["id"]: r["value"] for r in client.get("/v1/observations", params={"limit": 500}).json()["data"]}
    assert all(type(n["value"]) is type(rest[n["id"]]) and n["value"] == rest[n["id"]] for n in nodes)


def test_money_keeps_its_cents_on_every_path(make_database: Callable[[], str]) -> None:
    url = make_database()
    engine = create_engine(Settings(database_url=url))
    try:
        upgrade(engine)
        load_seed(engine, SEED)
        table = Observation.__table__  # type: ignore[attr-defined]
        with engine.begin() as conn:
            conn.execute(
                sa.update(table)
                .where(table.c.id == "mss-funding-spent-usa-2025-02-insightcrime")
                .values(value=1_700_000.25)
            )
    finally:
        engine.dispose()
    with TestClient(create_app(Settings(database_url=url, rate_limit=0))) as client:
        one = client.get("/v1/observations/mss-funding-spent-usa-2025-02-insightcrime").json()
        assert one["value"] == 1_700_000.25
        page = client.get("/v1/observations", params={"metric": "funding_spent"})
        assert b'"value":1700000.25' in page.content
        text = client.get("/v1/observations", params={"metric": "funding_spent", "format": "csv"}).text
        assert ",1700000.25," in text
        graphql = client.post(
            "/graphql",
            json={"query": '{ observation(id: "mss-funding-spent-usa-2025-02-insightcrime") { value } }'},
        )
        assert graphql.json()["data"]["observation"]["value"] == 1_700_000.25
        series = client.get(
            "/v1/missions/mss-haiti/series",
            params={"metric": "funding_spent", "contributor": "united-states"},
        ).json()
        assert series["points"][0]["level"]["value"] == 1_700_000.25


def test_a_count_is_a_whole_number() -> None:
    record = {
        "id": "x",
        "mission": "mss-haiti",
        "metric": "personnel_deployed",
        "unit": "persons",
        "as_of": "2024-01-01",
        "confidence": "reported",
        "sources": ["s"],
    }
    with pytest.raises(ValidationError, match="a count of persons is a whole number"):
        ObservationIn.model_validate({**record, "value": 2.5})
    assert ObservationIn.model_validate({**record, "value": 2.0}).value == 2
    money = {**record, "metric": "funding_pledged", "unit": "usd", "value": 2.5}
    assert ObservationIn.model_validate(money).value == 2.5


def test_as_written() -> None:
    assert [as_written(v) for v in (400.0, -0.0, 2.5, 7, None, True, 2.0**60)] == [
        400,
        0,
        2.5,
        7,
        None,
        True,
        2.0**60,
    ]
    assert type(as_written(2.0**60)) is float  # past 2**53 a double is no exact integer


def test_the_contracts_say_how_values_are_typed() -> None:
    schemas = openapi_document()["components"]["schemas"]
    for name in ("Observation", "Figure", "Gap", "SeriesPoint", "ReferenceLine"):
        rule = schemas[name]
        assert rule["if"]["properties"]["unit"]["enum"] == ["aircraft", "persons"], name
        assert rule["then"]["properties"]["value"]["type"] == ["integer", "null"], name
    assert "without a decimal part" in schemas["Observation"]["properties"]["value"]["description"]
    sdl = schema_sdl()
    assert "scalar Quantity" in sdl and "value: Quantity!" in sdl


def test_the_database_never_writes_a_figure(store: Store) -> None:
    # SQLite's fast paths (api.query.sql.sqlite_paths) would print 400.0: a page or export with a
    # figure in it is always written by the Python path, which writes 400.
    for fields in (None, ("id", "value"), ("value",)):
        query = ListQuery(resource="observations", fields=fields)
        assert not store.renders_json(query), fields
        assert store.stream_text(query, "csv") is None and store.stream_text(query, "ndjson") is None
    without = ListQuery(resource="observations", fields=("id", "metric", "as_of"))
    assert store.renders_json(without) == store.sqlite  # the rest still takes the fast path
