"""Helpers for the research operations: the same question through REST and GraphQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

_UPPER = re.compile(r"^[A-Z][A-Z0-9_]*$")
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
RENAMES = {
    "mission_id": "mission",
    "member_id": "member",
    "mandate_id": "mandate",
    "contributor_id": "contributor",
    "observation_id": "observation",
    "observation_ids": "observations",
    "mandate_ids": "mandates",
}


def snake(value: Any) -> Any:
    """A GraphQL answer in REST's terms: snake_case keys, enum values in lower case."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            name = _CAMEL.sub("_", key).lower()
            out[RENAMES.get(name, name)] = snake(item)
        return out
    if isinstance(value, list):
        return [snake(v) for v in value]
    if isinstance(value, str) and _UPPER.match(value):
        return value.lower()
    return value


def project(rest: Any, like: Any) -> Any:
    """``rest`` cut down to the shape of ``like`` (the fields a GraphQL query selected)."""
    if isinstance(like, dict):
        assert isinstance(rest, dict), rest
        return {k: project(rest[k], v) for k, v in like.items()}
    if isinstance(like, list):
        assert isinstance(rest, list) and len(rest) == len(like), (rest, like)
        return [project(r, v) for r, v in zip(rest, like, strict=True)]
    return rest


@pytest.fixture(scope="session")
def rest(client: TestClient) -> Callable[..., Any]:
    def run(url: str, **params: Any) -> Any:
        response = client.get(url, params=params)
        assert response.status_code == 200, response.text
        return response.json()

    return run


@pytest.fixture(scope="session")
def graph(client: TestClient) -> Callable[..., Any]:
    def run(query: str, **variables: Any) -> Any:
        response = client.post("/graphql", json={"query": query, "variables": variables})
        body = response.json()
        assert "errors" not in body, body
        return body["data"]

    return run


def assert_same(rest_body: Any, graphql_data: Any) -> None:
    """The GraphQL answer equals the REST answer on every field it selected."""
    expected = snake(graphql_data)
    assert project(rest_body, expected) == expected
