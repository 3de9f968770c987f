"""Errors the database raises because of a client's values are 400 problems, not 500s."""

from __future__ import annotations

from starlette.testclient import TestClient


def test_values_past_the_column_type_are_never_a_500(client: TestClient) -> None:
    # fits 64 bits (the parser's check), so SQLite answers; PostgreSQL's 32-bit INTEGER
    # cannot hold it, and its refusal is the client's problem
    response = client.get("/v1/mandates?votes_for__gte=-9223372036854775808")
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert response.headers["content-type"] == "application/problem+json"
        assert "out of range" in response.json()["detail"]
