"""Paging, sorting, formats and caching of lists."""

from __future__ import annotations

import csv
import io

import orjson
import pytest
from starlette.testclient import TestClient

SORTS = ["date", "-date", "kind,-date", "mission,date", "-mission,-title", "title"]


@pytest.mark.parametrize("sort", SORTS)
def test_keyset_pages_cover_the_sorted_set_exactly(client: TestClient, sort: str) -> None:
    rows = client.get("/v1/events", params={"sort": sort, "limit": 500}).json()["data"]
    everything = [r["id"] for r in rows]
    seen: list[str] = []
    params = {"sort": sort, "limit": 7}
    while True:
        body = client.get("/v1/events", params=params).json()
        seen += [r["id"] for r in body["data"]]
        assert body["meta"]["count"] == len(everything)
        if body["meta"]["next_cursor"] is None:
            break
        params = {**params, "cursor": body["meta"]["next_cursor"]}
    assert seen == everything


def test_nulls_sort_last_ascending_and_first_descending(client: TestClient) -> None:
    url = "/v1/observations?limit=500&sort="
    up = [r["contributor"] for r in client.get(url + "contributor").json()["data"]]
    down = [r["contributor"] for r in client.get(url + "-contributor").json()["data"]]
    assert up[-1] is None and up[0] is not None
    assert down[0] is None and down[-1] is not None
    present = [c for c in up if c is not None]
    assert present == sorted(present)


def test_link_header_and_next_link(client: TestClient) -> None:
    response = client.get("/v1/events?limit=5")
    body = response.json()
    assert response.headers["link"] == f'<{body["links"]["next"]}>; rel="next"'
    following = client.get(body["links"]["next"]).json()
    assert following["data"][0]["id"] not in {r["id"] for r in body["data"]}


def test_etag_and_304(client: TestClient) -> None:
    first = client.get("/v1/missions/mss-haiti")
    etag = first.headers["etag"]
    assert etag.startswith('"') and "max-age" in first.headers["cache-control"]
    again = client.get("/v1/missions/mss-haiti", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = client.get("/v1/missions/mss-haiti", headers={"If-None-Match": '"other"'})
    assert other.status_code == 200


def test_csv_streams_the_whole_filtered_set(client: TestClient) -> None:
    json_ids = [r["id"] for r in client.get("/v1/events?kind=arrival&limit=500").json()["data"]]
    response = client.get("/v1/events?kind=arrival&format=csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == json_ids
    assert rows[0].keys() >= {"id", "date", "kind", "title"}


def test_accept_header_negotiates_ndjson(client: TestClient) -> None:
    response = client.get("/v1/missions", headers={"Accept": "application/x-ndjson"})
    lines = [orjson.loads(line) for line in response.text.splitlines()]
    every = client.get("/v1/missions", params={"limit": 500}).json()["data"]
    assert lines == every and lines[0]["id"] == "untso"


def test_csv_with_expansion_lists_ids(client: TestClient) -> None:
    response = client.get("/v1/mandates?format=csv&fields=symbol&expand=sources&symbol=S/RES/2699 (2023)")
    (row,) = list(csv.DictReader(io.StringIO(response.text)))
    assert "un-press-sc-15432" in row["sources"].split(";")


def test_sparse_fields_keep_the_key(client: TestClient) -> None:
    rows = client.get("/v1/missions?fields=name").json()["data"]
    assert all(set(r) == {"id", "name"} for r in rows)


def test_as_of_hides_the_future(client: TestClient) -> None:
    rows = client.get("/v1/mandates?as_of=2024-01-01&mission=mss-haiti").json()["data"]
    assert [r["symbol"] for r in rows] == ["S/RES/2699 (2023)"]


def test_filters_with_every_operator(client: TestClient) -> None:
    def ids(url: str) -> list[str]:
        return [r["id"] for r in client.get(url).json()["data"]]

    assert ids("/v1/contributors?iso3=KEN") == ["kenya"]
    assert set(ids("/v1/contributors?iso3__in=KEN,JAM")) == {"kenya", "jamaica"}
    assert "kenya" not in ids("/v1/contributors?iso3__not=KEN&limit=500")
    assert ids("/v1/missions?name__contains=suppression") == ["gang-suppression-force"]
    assert ids("/v1/mandates?votes_for__lt=13&mission=gang-suppression-force") == ["s-res-2793-2025"]
    assert ids("/v1/mandates?abstentions__gte=3&mission=gang-suppression-force") == ["s-res-2793-2025"]
    assert ids(
        "/v1/mandates?adopted_on__gt=2025-08-01&adopted_on__lte=2025-12-31&mission__in=binuh,gang-suppression-force"
    ) == ["s-res-2793-2025"]
    assert "united-nations" in ids("/v1/contributors?iso3__isnull=true")
    assert ids("/v1/missions?lead__isnull=false") == ["mss-haiti"]
