"""Security headers, CORS and request ids on every response."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from api.service.headers import SECURITY_HEADERS

PATHS = ["/v1/missions", "/v1/missions/nope", "/v1/nothing", "/healthz", "/docs", "/openapi.json", "/metrics"]


@pytest.mark.parametrize("path", PATHS)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    response = client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])


def test_csp_allows_only_this_origin(client: TestClient) -> None:
    csp = client.get("/healthz").headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-eval" not in csp and "http" not in csp


def test_graphiql_page_uses_only_local_assets(client: TestClient) -> None:
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/graphql/static/") for a in assets), assets
    assert "<script>" not in page.text  # no inline script: the CSP forbids them
    for asset in assets:
        fetched = client.get(asset)
        assert fetched.status_code == 200, asset
        assert fetched.content


def test_incoming_request_id_is_kept_when_sane(client: TestClient) -> None:
    response = client.get("/v1/missions/nope", headers={"X-Request-ID": "trace-42.a:b_c"})
    assert response.headers["x-request-id"] == "trace-42.a:b_c"
    assert response.json()["instance"] == "/v1/missions/nope#req=trace-42.a:b_c"


@pytest.mark.parametrize("bad", ["", "has space", "x" * 129, "semi;colon", "<script>"])
def test_insane_request_id_is_replaced(client: TestClient, bad: str) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": bad})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])


def test_cors_simple_read(client: TestClient) -> None:
    response = client.get("/v1/missions?limit=1", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    exposed = response.headers["access-control-expose-headers"].lower()
    assert "x-request-id" in exposed and "ratelimit" in exposed and "etag" in exposed


def test_cors_preflight_allows_graphql_posts_without_credentials(client: TestClient) -> None:
    response = client.options(
        "/graphql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in response.headers


def test_cors_preflight_refuses_writes(client: TestClient) -> None:
    response = client.options(
        "/v1/missions",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "DELETE"},
    )
    assert response.status_code == 400
