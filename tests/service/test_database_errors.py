"""Values the database cannot hold are refused as 400 problems on both engines, never
passed on to become a 500: integer columns are 32-bit INTEGER (PostgreSQL refuses more;
SQLite would accept it, so the parser checks for both)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient


@pytest.mark.parametrize("value", ["2147483648", "-2147483649", "-9223372036854775808"])
def test_integers_past_32_bits_are_a_400(client: TestClient, value: str) -> None:
    response = client.get(f"/v1/mandates?votes_for__gte={value}")
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "32-bit" in response.json()["errors"][0]["message"]


def test_integers_within_32_bits_are_served(client: TestClient) -> None:
    assert client.get("/v1/mandates?votes_for__gte=-2147483648&votes_for__lte=2147483647").status_code == 200
