"""The committed OpenAPI contract: generated from the code, and it generates a clean client."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.rest.openapi import openapi_json

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "openapi" / "openapi.json"


def test_committed_contract_matches_the_code() -> None:
    assert COMMITTED.read_text() == openapi_json(), (
        "openapi/openapi.json drifted: regenerate it with `peaceops openapi > openapi/openapi.json`"
    )


def test_served_contract_is_the_committed_one(client: TestClient) -> None:
    assert client.get("/openapi.json").json() == json.loads(COMMITTED.read_text())


def test_operation_ids_unique_and_every_operation_documented() -> None:
    doc = json.loads(COMMITTED.read_text())
    ops = [op for item in doc["paths"].values() for op in item.values()]
    ids = [op["operationId"] for op in ops]
    assert len(ids) == len(set(ids))
    for op in ops:
        if op["operationId"].startswith(("create", "update", "delete")):
            assert op["security"] == [{"bearer": []}]
            assert {"401", "403", "409"} <= set(op["responses"])
            continue
        assert op["security"] == []
        assert op["responses"]["400"] == {"$ref": "#/components/responses/400"}
        content = op["responses"]["200"]["content"]
        ok = content.get("application/json") or next(iter(content.values()))  # feeds are not JSON
        assert "example" in ok
    assert {"listMissions", "getMission", "listMissionMandates", "listMandateVotes"} <= set(ids)


def test_docs_page_is_self_contained(client: TestClient) -> None:
    """Swagger UI from this server, booted by a script file: no CDN, no inline script."""
    page = client.get("/docs")
    assert page.status_code == 200
    assert "http://" not in page.text and "https://" not in page.text
    assert "<script>" not in page.text
    scripts = re.findall(r'<script src="([^"]+)"', page.text)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assert scripts == ["/docs/static/swagger-ui-bundle.js", "/docs/static/docs-init.js"]
    for asset in scripts + styles:
        assert client.get(asset).status_code == 200, asset
    assert "/openapi.json" in client.get("/docs/static/docs-init.js").text


def test_front_door_and_index(client: TestClient) -> None:
    landing = client.get("/")
    assert landing.status_code == 200 and landing.headers["content-type"].startswith("text/html")
    version = client.get("/v1/meta").json()["dataset_version"]
    assert version in landing.text and 'href="/docs"' in landing.text
    for url in ("/v1", "/v1/"):
        index = client.get(url)
        assert index.status_code == 200, url
        resources = {r["name"]: r for r in index.json()["resources"]}
        assert resources["missions"]["links"]["record"] == "/v1/missions/{id}"
        assert "/v1/missions/{id}/mandates" in resources["missions"]["related"]
    assert client.get("/v1?x=1").status_code == 400
    assert client.get("/schema.graphql").text == (ROOT / "schema" / "schema.graphql").read_text()
    assert client.get("/favicon.ico").headers["content-type"] == "image/svg+xml"


def test_static_assets_are_package_data() -> None:
    """What /docs serves is inside the package and listed in pyproject's package-data,
    with the licences of what came from npm."""
    static = ROOT / "api" / "rest" / "static"
    names = {p.name for p in static.iterdir()}
    assert {"swagger-ui-bundle.js", "swagger-ui.css", "docs-init.js", "swagger-ui-LICENSE.txt"} <= names
    assert {"THIRD_PARTY_LICENSES.txt", "swagger-ui-NOTICE.txt"} <= names
    assert '"rest/static/*"' in (ROOT / "pyproject.toml").read_text()


_WARNING = re.compile(r"^WARNING parsing (\S+) (\S+) within", re.M)


def only_ndjson_warnings(output: str) -> bool:
    """openapi-python-client (0.29) parses JSON, ``text/*`` and octet-stream answers;
    NDJSON is none of them, so it warns that the 200 of each ``.ndjson`` export is left
    unparsed (the operation is generated, its body read as ``Response.content``). Any
    other warning is a fault of the contract."""
    warned = _WARNING.findall(output)
    others = [w for w in warned if not w[1].endswith(".ndjson")]
    assert not others, output
    assert output.count("Unsupported content_type") == len(warned), output
    assert output.count("Unsupported content_type application/x-ndjson") == len(warned), output
    return True


def test_generated_python_client_lists_missions(client: TestClient, tmp_path: Path) -> None:
    generator = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    if generator is None:
        pytest.fail("openapi-python-client is part of the test extra and must be installed")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [
            generator,
            "generate",
            "--path",
            str(COMMITTED),
            "--output-path",
            str(tmp_path / "client"),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert only_ndjson_warnings(result.stdout + result.stderr)
    sys.path.insert(0, str(tmp_path))
    try:
        from client import Client  # type: ignore[import-not-found]
        from client.api.missions import list_missions  # type: ignore[import-not-found]

        api_client = Client(base_url="http://testserver")
        api_client.set_httpx_client(client)  # the in-process app behind the generated client
        page = list_missions.sync(client=api_client, host_country="HTI")
        assert [m.id for m in page.data][:2] == ["unmih", "unsmih"]
        assert page.meta.count == 10
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "client" or m.startswith("client.")]:
            del sys.modules[name]
