"""Exports as operations of their own (``GET /v1/events.csv``, ``/v1/events.ndjson``):
one media type each, so that a typed client can call them, with the list's parameters;
``format=`` and ``Accept`` on the list URL keep answering curl users the same bytes, and
the contract says so."""

from __future__ import annotations

import csv
import io

import orjson
import pytest
from starlette.testclient import TestClient

from api.rest.openapi import openapi_document
from api.rest.routes import TOP_LEVEL


@pytest.mark.parametrize("name", TOP_LEVEL)
@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_the_export_is_the_list_url_with_format(client: TestClient, name: str, fmt: str) -> None:
    export = client.get(f"/v1/{name}.{fmt}")
    curl = client.get(f"/v1/{name}?format={fmt}")
    accept = client.get(
        f"/v1/{name}", headers={"Accept": "text/csv" if fmt == "csv" else "application/x-ndjson"}
    )
    assert export.status_code == curl.status_code == accept.status_code == 200
    assert export.content == curl.content == accept.content
    assert export.headers["content-type"] == curl.headers["content-type"]
    assert export.headers["content-type"].startswith("text/csv" if fmt == "csv" else "application/x-ndjson")
    every = client.get(f"/v1/{name}", params={"limit": 500}).json()
    rows = (
        list(csv.DictReader(io.StringIO(export.text)))
        if fmt == "csv"
        else [orjson.loads(line) for line in export.text.splitlines()]
    )
    assert len(rows) == every["meta"]["count"] > 0


def test_an_export_takes_the_list_parameters(client: TestClient) -> None:
    url = "/v1/events.csv?mission__in=mss-haiti&mission__in=binuh&sort=-date&fields=id,date,mission&limit=7"
    rows = list(csv.DictReader(io.StringIO(client.get(url).text)))
    page = client.get(
        "/v1/events?mission__in=mss-haiti,binuh&sort=-date&fields=id,date,mission&limit=7"
    ).json()
    assert [r["id"] for r in rows] == [r["id"] for r in page["data"]]
    assert list(rows[0]) == ["id", "date", "mission"]
    after = client.get(f"/v1/events.ndjson?sort=-date&limit=3&cursor={page['meta']['next_cursor']}")
    assert after.status_code == 400  # a cursor belongs to its listing (here, other filters)
    first = client.get("/v1/events?sort=-date&limit=3").json()
    rest = client.get(f"/v1/events.ndjson?sort=-date&limit=3&cursor={first['meta']['next_cursor']}")
    following = client.get(first["links"]["next"]).json()["data"]
    assert [orjson.loads(line)["id"] for line in rest.text.splitlines()] == [r["id"] for r in following]


def test_a_grouped_export(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/v1/votes.csv?group_by=member&group_by=vote").text)))
    assert {"member", "vote", "count"} <= set(rows[0]) and all(int(r["count"]) > 0 for r in rows)


def test_the_path_names_the_format(client: TestClient) -> None:
    response = client.get("/v1/events.csv", headers={"Accept": "application/json"})
    assert response.headers["content-type"].startswith("text/csv")
    refused = client.get("/v1/events.csv?format=json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "format"
    assert client.get("/v1/events.csv?colour=blue").status_code == 400
    assert client.get("/v1/events.xml").status_code == 404


def test_the_contract_gives_each_answer_one_media_type() -> None:
    """Every operation's 200 declares one media type (the source record's citation formats
    and the series' CSV aside, which keep theirs); lists are JSON, exports CSV or NDJSON,
    and the list's ``format`` describes what the URL also answers."""
    paths = openapi_document()["paths"]
    for name in TOP_LEVEL:
        listing = paths[f"/v1/{name}"]["get"]
        assert list(listing["responses"]["200"]["content"]) == ["application/json"]
        (fmt,) = [p for p in listing["parameters"] if p["name"] == "format"]
        assert fmt["schema"]["enum"] == ["json"]
        assert f"/v1/{name}.csv" in fmt["description"] and "406" in fmt["description"]
        for ext, media in (("csv", "text/csv"), ("ndjson", "application/x-ndjson")):
            export = paths[f"/v1/{name}.{ext}"]["get"]
            assert list(export["responses"]["200"]["content"]) == [media]
            names = {p["name"] for p in export["parameters"]}
            assert "format" not in names and {"limit", "cursor", "sort"} <= names
    for path, operations in paths.items():
        for method, op in operations.items():
            body = op.get("requestBody")
            if body is not None:
                assert len(body["content"]) == 1, (method, path)
            if method == "patch":
                assert list(body["content"]) == ["application/merge-patch+json"]
