"""Every bad request gets a clear RFC 9457 problem, never a 500."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

BAD = [
    ("/v1/missions?colour=blue", 400, "colour"),
    ("/v1/missions?kind__near=ad_hoc", 400, "kind__near"),
    ("/v1/missions?kind=peacekeeping", 400, "kind"),
    ("/v1/missions?sort=summary", 400, "sort"),
    ("/v1/missions?cursor=not-a-cursor", 400, "cursor"),
    ("/v1/missions?start_date__gte=2024-13-01", 400, "start_date__gte"),
    ("/v1/missions?as_of=yesterday", 400, "as_of"),
    ("/v1/missions?limit=0", 400, "limit"),
    ("/v1/missions?limit=501", 400, "limit"),
    ("/v1/missions?limit=ten", 400, "limit"),
    ("/v1/missions?format=xml", 400, "format"),
    ("/v1/missions?expand=votes", 400, "expand"),
    ("/v1/missions?fields=colour", 400, "fields"),
    ("/v1/missions?kind=ad_hoc&kind=regional", 400, "kind"),
    ("/v1/mandates?votes_for=9999999999999999999999", 400, "votes_for"),
    ("/v1/mandates?votes_for__gt=1.5", 400, "votes_for__gt"),
    ("/v1/observations?value=NaN", 400, "value"),
    ("/v1/observations?q=kenya", 400, "q"),
    ("/v1/missions?name=%00", 400, "name"),
    ("/v1/missions/nope", 404, None),
    ("/v1/missions/nope/mandates", 404, None),
    ("/v1/nothing", 404, None),
    ("/v1/missions/mss-haiti?limit=3", 400, "limit"),
    ("/v1/mandates/s-res-2699-2023/votes?mandate=x", 400, "mandate"),
]


@pytest.mark.parametrize(("url", "status", "field"), BAD)
def test_bad_request_gets_a_problem(client: TestClient, url: str, status: int, field: str | None) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["title"] and problem["detail"]
    path, _, request_id = problem["instance"].partition("#req=")
    assert path == url.split("?")[0]
    assert request_id == response.headers["x-request-id"]
    if field is not None:
        assert field in [e["field"] for e in problem["errors"]]


def test_problem_names_allowed_values(client: TestClient) -> None:
    problem = client.get("/v1/missions?sort=summary").json()
    assert "start_date" in problem["errors"][0]["allowed"]


def test_cursor_from_another_query_is_refused(client: TestClient) -> None:
    page = client.get("/v1/events?limit=2").json()
    other = client.get(
        "/v1/events", params={"limit": 2, "kind": "arrival", "cursor": page["meta"]["next_cursor"]}
    )
    assert other.status_code == 400


def test_tampered_cursor_is_refused(client: TestClient) -> None:
    cursor = client.get("/v1/events?limit=2").json()["meta"]["next_cursor"]
    body, sig = cursor.split(".")
    tampered = body[:-2] + ("AA" if body[-2:] != "AA" else "BB") + "." + sig
    assert client.get("/v1/events", params={"limit": 2, "cursor": tampered}).status_code == 400


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("PUT", "/v1/missions", "GET, HEAD, POST"),
        ("PATCH", "/v1/missions", "GET, HEAD, POST"),
        ("DELETE", "/v1/missions", "GET, HEAD, POST"),
        ("POST", "/v1/votes", "GET, HEAD"),
        ("PUT", "/v1/missions/mss-haiti", "DELETE, GET, HEAD, PATCH"),
        ("POST", "/v1/missions/mss-haiti/history", "GET, HEAD"),
    ],
)
def test_method_not_allowed_lists_allow(client: TestClient, method: str, url: str, allowed: str) -> None:
    response = client.request(method, url)
    assert response.status_code == 405
    assert sorted(response.headers["allow"].split(", ")) == allowed.split(", ")
    assert response.headers["content-type"] == "application/problem+json"


def test_unacceptable_accept_is_406(client: TestClient) -> None:
    response = client.get("/v1/missions", headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_every_query_parameter_refuses_an_empty_value(client: TestClient) -> None:
    """An empty value is never a value: every query parameter of every read says so with a
    400 problem (tests/rest/test_schemathesis.py relies on it for values a query string
    cannot carry)."""
    from api.rest.openapi import openapi_document

    checked = 0
    for path, operations in openapi_document()["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        url = path
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                url = url.replace("{" + parameter["name"] + "}", str(parameter["example"]))
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            response = client.get(url, params={parameter["name"]: ""})
            assert response.status_code == 400, (path, parameter["name"], response.text)
            assert response.headers["content-type"] == "application/problem+json"
            checked += 1
    assert checked > 500
