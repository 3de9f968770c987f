"""/healthz and /readyz."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from starlette.testclient import TestClient

from api.db.migrate import head_revision
from tests.service.conftest import MakeClient


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_readyz_on_a_migrated_database(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ok", "revision": head_revision()}


def test_readyz_is_503_before_migrations(make_client: MakeClient, make_database: Callable[[], str]) -> None:
    with make_client(database_url=make_database()) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["retry-after"]
        assert "migration head" in response.json()["detail"]
        assert client.get("/healthz").status_code == 200  # alive, not ready


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
def test_operator_endpoints_are_not_in_the_openapi_contract(client: TestClient, path: str) -> None:
    assert path not in client.get("/openapi.json").json()["paths"]
