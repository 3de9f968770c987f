"""The TypeScript client as its users make and run it: openapi-typescript generates the
types of the committed openapi/openapi.json and openapi-fetch calls the API with them,
both with their defaults (tests/package.json). ``tsc --strict`` checks a small program
(tests/clients/ts/client.ts) and that wrong uses are refused (ts/wrong.ts: every marked
line must be an error); the program then runs under node against a default ``peaceops
serve``: a list with a two-value filter (repeated keys on the wire), paged with the
cursor, a record read, a mandate's votes, the CSV export and the problem of a 404."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.clients.conftest import CONTRACT, Served
from tests.node_tools import NODE_DIR, node_tool

pytestmark = [pytest.mark.http, pytest.mark.slow]

SOURCES = Path(__file__).with_name("ts")
TSC = ["--strict", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler"]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the TypeScript client (and npm ci in tests/)")
    return node


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=180, check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of its own: the generated types, the sources, an ES module package, and
    the Node tools as its node_modules."""
    folder = tmp_path_factory.mktemp("typescript-sdk")
    cli = node_tool("openapi-typescript", "bin", "cli.js")
    node_tool("openapi-fetch", "package.json")
    result = _run([_node(), str(cli), str(CONTRACT), "--output", str(folder / "peaceops.ts")], folder)
    assert result.returncode == 0, result.stdout + result.stderr
    for source in SOURCES.glob("*.ts"):
        shutil.copy(source, folder / source.name)
    (folder / "package.json").write_text(json.dumps({"type": "module", "private": True}))
    (folder / "node_modules").symlink_to(NODE_DIR / "node_modules", target_is_directory=True)
    return folder


@pytest.fixture(scope="module")
def checked(project: Path) -> subprocess.CompletedProcess[str]:
    """tsc --strict over both sources at once (one run: the generated types are large),
    emitting JavaScript for node."""
    tsc = node_tool("typescript", "bin", "tsc")
    return _run([_node(), str(tsc), *TSC, "--outDir", "out", "client.ts", "wrong.ts"], project)


def test_the_program_type_checks_and_wrong_uses_do_not(checked: subprocess.CompletedProcess[str]) -> None:
    # wrong.ts marks each wrong use with @ts-expect-error: one that type-checks fails tsc
    assert checked.returncode == 0, checked.stdout[-4000:]


def test_the_program_against_serve(
    project: Path, checked: subprocess.CompletedProcess[str], served: Served
) -> None:
    assert checked.returncode == 0, checked.stdout[-4000:]
    result = _run([_node(), "out/client.js", served.base], project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    found = json.loads(result.stdout)
    missions = found["missions"]
    assert missions["count"] == len(missions["ids"]) == 11 and missions["pages"] == 6
    assert missions["ids"][0] == "gang-suppression-force" and missions["ids"][-1] == "unficyp"
    assert found["mission"]["name"] and found["mission"]["etag"] == '"v1"'
    assert found["abstentions"] == ["china", "russian-federation"]
    header, *rows = found["export"]
    assert header == "id,mission" and len(rows) > 20
    assert {r.split(",")[1] for r in rows} == {"mss-haiti", "gang-suppression-force"}
    problem = found["notFound"]
    assert problem["status"] == 404 and problem["title"] and "nope" in problem["detail"]
    assert problem["type"] == "application/problem+json"
    log = served.server.output()  # on the wire: the filter as repeated keys
    assert "host_country__in=HTI&host_country__in=CYP" in log
