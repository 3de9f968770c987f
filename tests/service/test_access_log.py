"""One JSON line per request; never a key."""

from __future__ import annotations

import logging

import orjson
import pytest
from starlette.testclient import TestClient

from api.service.access_log import JsonFormatter, redact_query
from api.service.request_id import RequestIdFilter
from tests.service.conftest import MakeClient


def _lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    formatter = JsonFormatter()
    return [orjson.loads(formatter.format(r)) for r in caplog.records if r.name == "peaceops.access"]


def test_access_line_fields(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="peaceops.access"):
        response = client.get("/v1/missions?limit=2&kind=ad_hoc", headers={"X-Request-ID": "abc-123"})
    (line,) = _lines(caplog)
    assert line["method"] == "GET" and line["path"] == "/v1/missions" and line["status"] == 200
    assert line["query"] == "limit=2&kind=ad_hoc"
    assert line["request_id"] == "abc-123" == response.headers["x-request-id"]
    assert line["client"] == "testclient"
    assert isinstance(line["duration_ms"], float) and line["bytes"] == len(response.content)
    assert line["level"] == "info" and line["logger"] == "peaceops.access" and "ts" in line


def test_keys_and_tokens_never_reach_the_log(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="peaceops.access"):
        client.get(
            "/v1/missions?api_key=SECRET1&token=SECRET2&limit=1",
            headers={"Authorization": "Bearer SECRET3", "Cookie": "session=SECRET4"},
        )
    text = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    for secret in ("SECRET1", "SECRET2", "SECRET3", "SECRET4"):
        assert secret not in text
    (line,) = _lines(caplog)
    assert line["query"] == "api_key=%5Bredacted%5D&token=%5Bredacted%5D&limit=1"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ""),
        ("limit=5", "limit=5"),
        ("Key=x", "Key=%5Bredacted%5D"),
        ("access_token=x&q=haiti", "access_token=%5Bredacted%5D&q=haiti"),
    ],
)
def test_redact_query(query: str, expected: str) -> None:
    assert redact_query(query) == expected


def test_every_log_line_has_the_request_id(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.handler.addFilter(RequestIdFilter())
    try:
        with caplog.at_level(logging.INFO):
            client.get("/readyz", headers={"X-Request-ID": "rid-7"})
    finally:
        caplog.handler.removeFilter(caplog.handler.filters[-1])
    server_side = [r for r in caplog.records if not r.name.startswith("httpx")]  # the test's client
    lines = [orjson.loads(JsonFormatter().format(r)) for r in server_side]
    assert len(lines) >= 2 and all(line["request_id"] == "rid-7" for line in lines)


def test_a_problem_is_logged_with_its_request_id(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    request_ids = RequestIdFilter()
    caplog.handler.addFilter(request_ids)
    try:
        with (
            caplog.at_level(logging.WARNING, logger="peaceops.errors"),
            make_client(database_url="sqlite:////nonexistent-dir/x.db") as client,
        ):
            response = client.get("/v1/missions", headers={"X-Request-ID": "rid-8"})
    finally:
        caplog.handler.removeFilter(request_ids)
    assert response.status_code == 503
    records = [r for r in caplog.records if r.name == "peaceops.errors"]
    assert records and all(orjson.loads(JsonFormatter().format(r))["request_id"] == "rid-8" for r in records)
