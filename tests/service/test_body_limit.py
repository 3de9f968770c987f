"""Request bodies over PEACEOPS_MAX_BODY_BYTES get a 413 problem, declared or streamed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.service.conftest import MakeClient

QUERY = b'{"query": "{ missions(first: 1) { nodes { id } } }"}'


@pytest.mark.parametrize("path", ["/graphql", "/v1/missions"])
def test_declared_body_over_the_limit(make_client: MakeClient, path: str) -> None:
    with make_client(max_body_bytes=64) as client:
        response = client.post(path, content=b"x" * 65, headers={"Content-Type": "application/json"})
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == 413 and "64 bytes" in problem["detail"]
        assert problem["instance"].startswith(path + "#req=")


def test_streamed_body_over_the_limit(make_client: MakeClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b" " * 40

    with make_client(max_body_bytes=100) as client:
        response = client.post("/graphql", content=chunks(), headers={"Content-Type": "application/json"})
        assert response.status_code == 413
        assert response.json()["title"] == "Content too large"


@pytest.mark.parametrize("rate_limit", [0, 1000])
def test_body_within_the_limit_is_served(make_client: MakeClient, rate_limit: int) -> None:
    with make_client(max_body_bytes=len(QUERY), rate_limit=rate_limit) as client:
        response = client.post("/graphql", content=QUERY, headers={"Content-Type": "application/json"})
        assert response.status_code == 200, response.text
        assert response.json()["data"]["missions"]["nodes"]


def test_streamed_body_over_the_limit_with_the_rate_limiter_reading_it(make_client: MakeClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield QUERY
        yield b" " * 200

    with make_client(max_body_bytes=100, rate_limit=1000) as client:
        response = client.post("/graphql", content=chunks(), headers={"Content-Type": "application/json"})
        assert response.status_code == 413
