"""List parameters as clients send them: comma-separated (``mission__in=a,b``, curl
users) or the key repeated (``mission__in=a&mission__in=b``, what openapi-python-client
and openapi-fetch send for the contract's ``form``/``explode: true`` arrays), or both; the
same answer either way. A parameter that takes one value is still refused when given
twice."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from api.rest.openapi import openapi_document

SAME = [
    ("/v1/contributors?iso3__in=KEN,JAM", "/v1/contributors?iso3__in=KEN&iso3__in=JAM"),
    ("/v1/contributors?iso3__in=KEN,JAM,HTI", "/v1/contributors?iso3__in=KEN,JAM&iso3__in=HTI"),
    (
        "/v1/contributors?iso3__not=KEN,JAM&limit=500",
        "/v1/contributors?iso3__not=KEN&iso3__not=JAM&limit=500",
    ),
    ("/v1/events?sort=kind,-date&limit=20", "/v1/events?sort=kind&sort=-date&limit=20"),
    ("/v1/missions?fields=name,status", "/v1/missions?fields=name&fields=status"),
    ("/v1/mandates?expand=sources,votes&limit=3", "/v1/mandates?expand=sources&expand=votes&limit=3"),
    ("/v1/missions/mss-haiti?fields=name,status", "/v1/missions/mss-haiti?fields=name&fields=status"),
    (
        "/v1/mandates/s-res-2699-2023?expand=sources,votes",
        "/v1/mandates/s-res-2699-2023?expand=sources&expand=votes",
    ),
    (
        "/v1/votes?group_by=member,vote&member__in=china,russian-federation",
        "/v1/votes?group_by=member&group_by=vote&member__in=china&member__in=russian-federation",
    ),
    (
        "/v1/events?mission__in=mss-haiti,minustah&format=csv",
        "/v1/events?mission__in=mss-haiti&mission__in=minustah&format=csv",
    ),
]


@pytest.mark.parametrize(("commas", "repeated"), SAME)
def test_repeated_keys_read_as_the_comma_separated_list(
    client: TestClient, commas: str, repeated: str
) -> None:
    one, other = client.get(commas), client.get(repeated)
    assert one.status_code == other.status_code == 200, (one.text, other.text)
    if one.headers["content-type"].startswith("application/json"):
        a, b = one.json(), other.json()
        if "links" in a:  # the links spell the URL as sent
            a.pop("links"), b.pop("links")
        assert a == b
        assert (a.get("data") or a) not in ([], {})
    else:
        assert one.text == other.text and one.text.count("\n") > 1


def test_the_next_link_keeps_the_repeated_keys(client: TestClient) -> None:
    url = "/v1/events?mission__in=mss-haiti&mission__in=minustah&sort=-date&sort=id&limit=5"
    body = client.get(url).json()
    assert body["links"]["next"].count("mission__in=") == 2
    following = client.get(body["links"]["next"])
    assert following.status_code == 200
    everything = client.get("/v1/events?mission__in=mss-haiti,minustah&sort=-date,id&limit=10").json()["data"]
    assert [r["id"] for r in body["data"] + following.json()["data"]] == [r["id"] for r in everything]


ONE_VALUE = [
    "/v1/missions?kind=ad_hoc&kind=regional",
    "/v1/missions?limit=3&limit=4",
    "/v1/missions?format=json&format=csv",
    "/v1/missions?start_date__gte=2020-01-01&start_date__gte=2021-01-01",
    "/v1/missions?name__contains=a&name__contains=b",
    "/v1/missions?acronym__isnull=true&acronym__isnull=false",
    "/v1/missions?q=haiti&q=kenya",
    "/v1/mandates?as_of=2024-01-01&as_of=2025-01-01",
    "/v1/missions/mss-haiti?as_recorded=2025-01-01T00:00:00Z&as_recorded=2025-02-01T00:00:00Z",
]


@pytest.mark.parametrize("url", ONE_VALUE)
def test_a_single_valued_parameter_given_twice_is_refused(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    name = url.split("?")[1].split("=")[0]
    assert [e["field"] for e in response.json()["errors"]] == [name]
    assert "more than once" in response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/v1/contributors?iso3__in=KEN&iso3__in=",
        "/v1/contributors?iso3__in=&iso3__in=KEN",
        "/v1/events?sort=date&sort=",
        "/v1/missions?fields=name&fields=",
        "/v1/votes?group_by=member&group_by=",
    ],
)
def test_an_empty_repeat_is_an_empty_item(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text
    assert "non-empty" in response.json()["detail"]


def test_the_contract_declares_the_repeated_form() -> None:
    """Every array query parameter is ``form`` with ``explode: true`` (OpenAPI's default,
    what generators send) and says that commas work too."""
    arrays = [
        p
        for operations in openapi_document()["paths"].values()
        for op in operations.values()
        for p in op.get("parameters", [])
        if p["in"] == "query" and p["schema"].get("type") == "array"
    ]
    assert len(arrays) > 100
    for p in arrays:
        assert p.get("style", "form") == "form" and p.get("explode", True) is True, p["name"]
        assert f"`{p['name']}=a&{p['name']}=b`" in p["description"], p["name"]


def test_a_citation_takes_the_record_lists_repeated(client: TestClient) -> None:
    ok = client.get("/v1/sources/un-press-sc-15432?format=csl-json&fields=title&fields=url")
    assert ok.status_code == 200, ok.text
    bad = client.get("/v1/sources/un-press-sc-15432?format=bibtex&fields=title&fields=colour")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "fields"
    twice = client.get("/v1/sources/un-press-sc-15432?format=bibtex&format=csl-json")
    assert twice.status_code == 400
