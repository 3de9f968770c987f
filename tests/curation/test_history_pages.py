"""History lists page like every other list: ``limit``, an opaque keyset ``cursor``,
``{data, meta, links}`` and a ``Link`` header in REST; a connection with ``first`` and
``after`` in GraphQL, over the same cursors."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

NAMES = ["Pageland", "Pageland I", "Pageland II", "Pageland III", "Pageland IV"]
HISTORY = """query($first: Int, $after: String) { contributor(id: "pageland") {
  history(first: $first, after: $after) {
    totalCount edges { cursor node { revision action version } }
    nodes { version } pageInfo { hasNextPage endCursor } } } }"""


@pytest.fixture(scope="module")
def written(wclient: TestClient, curate: dict[str, str]) -> str:
    """A contributor created, renamed four times and deleted: six revisions."""
    body = {"name": NAMES[0], "kind": "state", "region": "Europe", "sources": ["un-press-sc-15432"]}
    created = wclient.post("/v1/contributors", json=body, headers=curate)
    assert created.status_code == 201, created.text
    url = "/v1/contributors/pageland"
    for version, name in enumerate(NAMES[1:], start=1):
        patched = wclient.patch(url, json={"name": name}, headers={**curate, "If-Match": f'"v{version}"'})
        assert patched.status_code == 200, patched.text
    assert wclient.delete(url, headers={**curate, "If-Match": '"v5"'}).status_code == 204
    return url + "/history"


def test_rest_history_pages_with_limit_and_cursor(wclient: TestClient, written: str) -> None:
    seen: list[dict[str, Any]] = []
    url: str | None = written + "?limit=4"
    pages = 0
    while url is not None:
        response = wclient.get(url)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"data", "meta", "links"}
        assert body["meta"]["count"] == 6 and body["meta"]["dataset_version"]
        seen += body["data"]
        url = body["links"]["next"]
        assert (body["meta"]["next_cursor"] is None) == (url is None)
        if url is not None:
            assert response.headers["link"] == f'<{url}>; rel="next"'
            assert "limit=4" in url
        else:
            assert "link" not in response.headers
        pages += 1
    assert pages == 2
    assert [r["action"] for r in seen] == ["create", "update", "update", "update", "update", "delete"]
    assert [r["version"] for r in seen] == [1, 2, 3, 4, 5, 6]
    assert seen == wclient.get(written + "?limit=500").json()["data"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=two", "limit"),
        ("cursor=forged", "cursor"),
        ("limit=1&limit=2", "limit"),
        ("sort=-revision", "sort"),
    ],
)
def test_rest_history_refuses_bad_paging(wclient: TestClient, written: str, query: str, field: str) -> None:
    response = wclient.get(f"{written}?{query}")
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["errors"][0]["field"] == field
    if field == "sort":
        assert problem["errors"][0]["allowed"] == ["limit", "cursor"]


def test_a_cursor_belongs_to_its_record(wclient: TestClient, written: str, curate: dict[str, str]) -> None:
    cursor = wclient.get(written + "?limit=1").json()["meta"]["next_cursor"]
    other = wclient.post(
        "/v1/contributors",
        json={"name": "Otherland", "kind": "state", "region": "Europe", "sources": ["un-press-sc-15432"]},
        headers=curate,
    )
    assert other.status_code == 201
    refused = wclient.get(f"/v1/contributors/otherland/history?cursor={cursor}")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "cursor"


def test_graphql_history_pages_with_first_and_after(wclient: TestClient, curate: dict[str, str]) -> None:
    body = {"name": "Connectland", "kind": "state", "region": "Europe", "sources": ["un-press-sc-15432"]}
    assert wclient.post("/v1/contributors", json=body, headers=curate).status_code == 201
    for version in (1, 2):
        patched = wclient.patch(
            "/v1/contributors/connectland",
            json={"name": f"Connectland {version}"},
            headers={**curate, "If-Match": f'"v{version}"'},
        )
        assert patched.status_code == 200
    query = HISTORY.replace('"pageland"', '"connectland"')

    def page(first: int, after: str | None) -> dict[str, Any]:
        response = wclient.post(
            "/graphql", json={"query": query, "variables": {"first": first, "after": after}}
        )
        data: dict[str, Any] = response.json()
        assert "errors" not in data, data
        history: dict[str, Any] = data["data"]["contributor"]["history"]
        return history

    first = page(2, None)
    assert first["totalCount"] == 3
    assert [e["node"]["version"] for e in first["edges"]] == [1, 2]
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["endCursor"] == first["edges"][-1]["cursor"]
    second = page(2, first["pageInfo"]["endCursor"])
    assert [n["version"] for n in second["nodes"]] == [3]
    assert second["pageInfo"] == {"hasNextPage": False, "endCursor": None}
    # after any edge's cursor, the rest: the same cursors REST's pages carry
    assert [n["version"] for n in page(50, first["edges"][0]["cursor"])["nodes"]] == [2, 3]
    rest = wclient.get("/v1/contributors/connectland/history?limit=1").json()
    assert rest["meta"]["next_cursor"] == first["edges"][0]["cursor"]
    assert page(0, None)["pageInfo"]["hasNextPage"] is True
    assert page(0, None)["nodes"] == []


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/v1/missions/mss-haiti?nope=1", ["fields", "expand", "as_recorded"]),
        ("/v1/contributors/kenya?nope=1", ["fields", "expand", "as_recorded"]),
        ("/v1/sources/un-press-sc-15432?nope=1", ["fields", "as_recorded", "format"]),
    ],
)
def test_unknown_parameter_on_a_record_lists_every_allowed_one(
    wclient: TestClient, url: str, allowed: list[str]
) -> None:
    response = wclient.get(url)
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "field": "nope",
        "message": "is not a parameter of this operation",
        "allowed": allowed,
    }
