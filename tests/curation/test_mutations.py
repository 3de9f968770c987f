"""GraphQL mutations: the same Curator as REST, so the same answers and refusals."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

CREATE = """mutation($input: ContributorCreateInput!) { createContributor(input: $input) { id name iso3
  version sources { id } history { totalCount nodes { action version keyId before { name }
  after { id name kind iso3 region sources } } } } }"""
UPDATE = """mutation($id: ID!, $version: Int!, $patch: ContributorPatchInput!) {
  updateContributor(id: $id, version: $version, patch: $patch) { id name version } }"""
DELETE = "mutation($id: ID!, $version: Int!) { deleteContributor(id: $id, version: $version) { id } }"

BODY = {
    "name": "Graphland",
    "kind": "STATE",
    "iso3": "GRL",
    "region": "Europe",
    "sources": ["un-press-sc-15432"],
}


def _gql(
    client: TestClient, query: str, variables: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_mutations_match_rest(wclient: TestClient, curate: dict[str, str]) -> None:
    created = _gql(wclient, CREATE, {"input": BODY}, curate)["data"]["createContributor"]
    assert created["id"] == "graphland" and created["version"] == 1
    assert created["sources"] == [{"id": "un-press-sc-15432"}]
    assert [h["action"] for h in created["history"]["nodes"]] == ["create"]
    revision = created["history"]["nodes"][0]
    assert revision["before"] is None
    assert revision["after"] == {
        "id": "graphland",
        "name": "Graphland",
        "kind": "STATE",
        "iso3": "GRL",
        "region": "Europe",
        "sources": ["un-press-sc-15432"],
    }
    assert created["history"]["totalCount"] == 1
    rest = wclient.get("/v1/contributors/graphland").json()
    assert (rest["name"], rest["iso3"], rest["version"]) == ("Graphland", "GRL", 1)

    stale = _gql(wclient, UPDATE, {"id": "graphland", "version": 7, "patch": {"name": "X"}}, curate)
    assert stale["errors"][0]["extensions"]["reason"] == "precondition-failed"
    updated = _gql(
        wclient, UPDATE, {"id": "graphland", "version": 1, "patch": {"name": "Graphland II"}}, curate
    )
    assert updated["data"]["updateContributor"] == {"id": "graphland", "name": "Graphland II", "version": 2}
    assert wclient.get("/v1/contributors/graphland").headers["etag"] == '"v2"'

    gone = _gql(wclient, DELETE, {"id": "graphland", "version": 2}, curate)
    assert gone["data"]["deleteContributor"] == {"id": "graphland"}
    history = wclient.get("/v1/contributors/graphland/history").json()["data"]
    assert [h["action"] for h in history] == ["create", "update", "delete"]


def test_mutations_refuse_without_a_key(wclient: TestClient, keys: dict[str, str]) -> None:
    before = wclient.get("/v1/contributors?limit=1").json()["meta"]["count"]
    anonymous = _gql(wclient, CREATE, {"input": BODY}, {})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    reader = _gql(wclient, CREATE, {"input": BODY}, {"Authorization": f"Bearer {keys['read']}"})
    assert reader["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert keys["read"] not in str(reader)
    assert wclient.get("/v1/contributors?limit=1").json()["meta"]["count"] == before


def test_mutation_validation_names_the_field(wclient: TestClient, curate: dict[str, str]) -> None:
    bad = _gql(wclient, CREATE, {"input": {**BODY, "iso3": "GRLX", "sources": ["Not A Slug"]}}, curate)
    error = bad["errors"][0]
    assert (error["extensions"]["code"], error["extensions"]["status"]) == ("BAD_USER_INPUT", 422)
    assert {"iso3", "sources.0"} <= {e["field"] for e in error["extensions"]["errors"]}
    # what the input type itself rules out never reaches a resolver: a GraphQL validation error
    for wrong in ({**BODY, "kind": "EMPIRE"}, {**BODY, "id": "mine"}, {"name": "No kind"}):
        refused = _gql(wclient, CREATE, {"input": wrong}, curate)
        assert refused["data"] is None and "path" not in refused["errors"][0], refused
    dangling = _gql(wclient, CREATE, {"input": {**BODY, "sources": ["nowhere"]}}, curate)
    assert dangling["errors"][0]["extensions"]["reason"] == "conflict"
