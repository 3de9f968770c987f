"""/graphql as an outside user meets it: a default ``peaceops serve`` (rate limit on) on a
freshly seeded database, a curate key made as a curator makes one, and then, from a clean
folder without the project's configuration, the README's typed writes over HTTP and the
Schemathesis command line over every query and mutation with that key.

The one check left out of the Schemathesis run is ``positive_data_acceptance``: for
GraphQL it fails on any error of a schema-valid operation, and the SDL cannot say that an
id names a record that exists (a write citing a source that does not is refused as REST
refuses it, 409), that a cursor must be one this server issued, or what pattern a slug
has, without custom scalars that no outside tool knows. Those refusals are answers, coded
``BAD_USER_INPUT`` with REST's status and problems (tests/curation/test_mutations_inputs.py
holds them to REST's); everything else is checked: no server error, no malformed
response, no null in a non-null field, and no scalar Schemathesis does not know. The run is
bounded (4 examples an operation, a fixed seed: a few seconds) and stays within the
default rate limit, but for a throttled request or two at its end."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest

from api.curation.keys import create_key
from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.models.enums import KeyScope
from api.settings import Settings
from tests.service.server import Server

pytestmark = [pytest.mark.http, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SDL = ROOT / "schema" / "schema.graphql"


@pytest.fixture(scope="module")
def served(make_database: Callable[[], str]) -> Iterator[tuple[Server, str]]:
    url = make_database()
    engine = create_engine(Settings(database_url=url))
    upgrade(engine)
    load_seed(engine, ROOT / "seed")
    key = create_key(engine, name="outside", scope=KeyScope.curate)
    engine.dispose()
    # the default rate limit (tests/service/server.py turns it off unless told)
    env = {"PEACEOPS_DATABASE_URL": url, "PEACEOPS_RATE_LIMIT": str(Settings.rate_limit)}
    server = Server(["-m", "api.cli", "serve", "--port", "{port}"], env=env)
    try:
        server.wait_ready("/readyz")
        yield server, key
    finally:
        server.stop()


def _post(server: Server, key: str, query: str, variables: dict[str, Any]) -> Any:
    response = httpx.post(
        server.base + "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return response.json()


CREATE = "mutation($input: SourceCreateInput!) { createSource(input: $input) { id version note } }"
UPDATE = """mutation($id: ID!, $patch: SourcePatchInput!) {
  updateSource(id: $id, version: 1, patch: $patch) { id version note publishedOn } }"""


def test_readme_writes_over_http(served: tuple[Server, str]) -> None:
    server, key = served
    source = {
        "title": "A new report",
        "publisher": "Example Press",
        "kind": "PRESS",
        "url": "https://example.org/reports/2025-10",
        "note": "Draft seen before publication.",
    }
    made = _post(server, key, CREATE, {"input": source})["data"]["createSource"]
    assert (made["version"], made["note"]) == (1, "Draft seen before publication.")
    patch = {"note": None, "publishedOn": "2025-10-01"}
    updated = _post(server, key, UPDATE, {"id": made["id"], "patch": patch})["data"]["updateSource"]
    assert updated == {"id": made["id"], "version": 2, "note": None, "publishedOn": "2025-10-01"}
    refused = _post(server, key, CREATE, {"input": {**source, "url": "https://example.org/"}})
    (error,) = refused["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["status"] == 422
    assert [e["field"] for e in error["extensions"]["errors"]] == ["url"]


def _operations() -> int:
    schema = graphql.build_schema(SDL.read_text())
    assert schema.query_type is not None and schema.mutation_type is not None
    return len(schema.query_type.fields) + len(schema.mutation_type.fields)


def _statuses(server: Server) -> list[int]:
    out = []
    for line in server.output().splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            if record.get("logger") == "peaceops.access":
                out.append(int(record["status"]))
    return out


def test_schemathesis_cli_against_serve(served: tuple[Server, str], tmp_path: Path) -> None:
    server, key = served
    cli = shutil.which("schemathesis") or str(Path(sys.executable).with_name("schemathesis"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCHEMATHESIS_")}
    before = len(_statuses(server))
    result = subprocess.run(
        [
            cli,
            "run",
            server.base + "/graphql",
            "--max-examples",
            "4",
            "--seed",
            "20261204",
            "--header",
            f"Authorization: Bearer {key}",
            "--exclude-checks",
            "positive_data_acceptance",
        ],
        cwd=tmp_path,  # a clean folder: none of the project's configuration
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "Unknown GraphQL Scalar" not in output and "is not recognized" not in output, output[-6000:]
    operations = _operations()
    assert f"Tested: {operations}" in output and "passed" in output, output[-3000:]
    statuses = _statuses(server)[before:]
    answered = [s for s in statuses if s == 200]
    assert len(answered) > 2 * operations, "the run sent too few requests to mean anything"
    # never a server error; the default rate limit may throttle the last few requests
    # (429 with Retry-After: the budget is points, and a nested query costs several)
    assert not [s for s in statuses if s >= 500], sorted(set(statuses))
    assert statuses.count(429) <= len(statuses) // 20, f"{statuses.count(429)} of {len(statuses)} throttled"
