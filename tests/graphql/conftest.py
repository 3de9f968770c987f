"""A helper to post GraphQL queries to the app under test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

Gql = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def gql(client: TestClient) -> Gql:
    """``gql(query, **variables)``: the response body; the status must be 200."""

    def run(query: str, **variables: Any) -> dict[str, Any]:
        response = client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return run


@pytest.fixture(scope="session")
def data(gql: Gql) -> Callable[..., dict[str, Any]]:
    """``data(query, **variables)``: the ``data`` of a response that has no errors."""

    def run(query: str, **variables: Any) -> dict[str, Any]:
        body = gql(query, **variables)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result

    return run
