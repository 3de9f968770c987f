"""The pages people open, in headless Chromium (Debian's, driven by playwright-core from
tests/package.json) against a real ``peaceops serve``: /, /docs, /v1/ and GraphiQL each
render, Swagger UI on /docs shows its contents and schemas and its try-it gets data from
/v1/missions, and no page logs a console error, throws, fails a request or violates the
Content-Security-Policy. Skips only where chromium is not installed and could not be."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.node_tools import chromium, node_tool
from tests.service.server import Server

pytestmark = [pytest.mark.http, pytest.mark.slow]

SCRIPT = Path(__file__).with_name("check_pages.mjs")


@pytest.fixture(scope="module")
def report(database_url: str) -> Iterator[dict[str, Any]]:
    browser = chromium()
    node_tool("playwright-core", "package.json")
    node = shutil.which("node")
    assert node is not None
    server = Server(
        ["-m", "api.cli", "serve", "--port", "{port}"], env={"PEACEOPS_DATABASE_URL": database_url}
    )
    try:
        server.wait_ready("/readyz")
        result = subprocess.run(
            [node, str(SCRIPT), server.base, browser],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        pages: dict[str, Any] = json.loads(result.stdout)["pages"]
        yield pages
    finally:
        server.stop()


@pytest.mark.parametrize("path", ["/", "/docs", "/v1/", "/graphql"])
def test_page_renders_without_errors(report: dict[str, Any], path: str) -> None:
    page = report[path]
    assert page["status"] == 200
    assert page["problems"] == [], page["problems"]
    assert "default-src 'self'" in page["csp"] and "script-src 'self'" in page["csp"]


def test_landing_page_links_everything(report: dict[str, Any]) -> None:
    page = report["/"]
    assert page["title"] == "peaceops" and page["heading"] == "peaceops"
    assert len(page["version"]) == 32
    assert {"/docs", "/graphql", "/openapi.json", "/schema.graphql", "/v1/", "/v1/meta"} <= set(page["links"])
    assert any(".csv?" in link for link in page["links"])


def test_docs_have_contents_schemas_and_try_it(report: dict[str, Any]) -> None:
    page = report["/docs"]
    assert page["tags"][:3] == ["missions", "resolutions", "mandates"]
    assert page["contents"][-1] == "schemas" and set(page["tags"]) <= set(page["contents"])
    assert {"Mission", "MissionList", "Problem", "MissionCreate", "RevisionList"} <= set(page["schemas"])
    assert page["tryIt"]["status"] == "200"
    body = json.loads(page["tryIt"]["body"])
    assert len(body["data"]) == 3 and body["meta"]["count"] > 3


def test_v1_index_renders_as_json(report: dict[str, Any]) -> None:
    body = json.loads(report["/v1/"]["body"])
    assert [r["name"] for r in body["resources"]][:2] == ["missions", "resolutions"]
