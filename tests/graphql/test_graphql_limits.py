"""Each limit answers a clear GraphQL error, fast, never a 500; unexpected errors are
masked for the client and logged."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.graphql.limits import MAX_ALIASES, MAX_COST, MAX_DEPTH, MAX_TOKENS
from api.query import Store

Gql = Callable[..., dict[str, Any]]


def _only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("data") is None, body
    assert len(body["errors"]) == 1, body
    error: dict[str, Any] = body["errors"][0]
    return error


def test_deep_nesting(gql: Gql) -> None:
    inner = "id"
    for _ in range(MAX_DEPTH):
        inner = f"predecessor {{ {inner} }}"
    error = _only_error(gql(f'{{ mission(id: "mss-haiti") {{ {inner} }} }}'))
    assert f"maximum operation depth of {MAX_DEPTH}" in error["message"]


def test_two_hundred_aliases(gql: Gql) -> None:
    fields = " ".join(f"m{i}: __typename" for i in range(200))
    error = _only_error(gql(f"{{ {fields} }}"))
    assert f"Allowed: {MAX_ALIASES}" in error["message"]


def test_too_many_tokens(gql: Gql) -> None:
    fields = " ".join(["id"] * (MAX_TOKENS + 10))
    error = _only_error(gql(f'{{ mission(id: "binuh") {{ {fields} }} }}'))
    assert "tokens" in error["message"].lower()


def test_huge_first_on_a_nested_connection(gql: Gql) -> None:
    body = gql("{ missions(first: 500) { nodes { events(first: 100000) { nodes { id } } } } }")
    error = _only_error(body)
    assert error["extensions"]["code"] == "QUERY_TOO_EXPENSIVE"
    assert error["extensions"]["cost"] > MAX_COST


def test_cost_counts_variables(gql: Gql) -> None:
    query = """query($n: Int!, $m: Int!) { missions(first: $n) { nodes {
        events(first: $m) { nodes { id } } } } }"""
    assert "errors" not in gql(query, n=20, m=10)
    assert _only_error(gql(query, n=500, m=500))["extensions"]["code"] == "QUERY_TOO_EXPENSIVE"


def test_fragments_are_costed(gql: Gql) -> None:
    body = gql("""{ missions(first: 500) { ...M } }
        fragment M on MissionConnection { nodes { events(first: 500) { totalCount } } }""")
    assert _only_error(body)["extensions"]["code"] == "QUERY_TOO_EXPENSIVE"


def test_a_batch_of_operations_is_refused(client: TestClient) -> None:
    response = client.post("/graphql", json=[{"query": "{ __typename }"}] * 3)
    assert response.status_code == 400
    assert "batch" in response.text.lower()


def test_unexpected_errors_are_masked_and_logged(
    gql: Gql, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: Store, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret database detail")

    monkeypatch.setattr(Store, "list", broken)
    with caplog.at_level(logging.ERROR, logger="api.graphql"):
        body = gql("{ missions { nodes { id } } }")
    error = body["errors"][0]
    assert error["message"] == "Unexpected error."
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "secret" not in str(body)
    assert "secret database detail" in caplog.text
