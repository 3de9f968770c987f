"""The Python client as its users make and run it: openapi-python-client (pinned in the
test extra) generates ``peaceops_client`` from the committed openapi/openapi.json with its
defaults, in a folder of its own; mypy --strict checks a user's script against the
generated types (tests/clients/python_sdk_use.py); the script imports every generated
module and, against a default ``peaceops serve``, lists missions with a two-value filter
(repeated keys on the wire), pages with the cursor, reads a mandate's votes, patches a
record with If-Match (and is refused with a stale one), reads the CSV export and meets a
problem as a typed ``Problem``.

The generator's one warning is NDJSON's: it parses JSON, ``text/*`` and octet-stream
answers, so each ``.ndjson`` export's 200 is left unparsed (the operation is generated;
its body is ``Response.content``). mypy follows the generated package silently: its own
templates do not pass --strict (``client.py``'s ``__exit__`` arguments; a model whose
name is one of its fields, ``Vote.vote``, reuses the name for the instance), which is the
generator's affair, not the contract's; the script's every use of it is checked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clients.conftest import CONTRACT, Served
from tests.rest.test_contract import only_ndjson_warnings

pytestmark = [pytest.mark.http, pytest.mark.slow]

SCRIPT = Path(__file__).with_name("python_sdk_use.py")
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(BIN))
    if path is None:
        pytest.fail(f"{name} is part of the test extra (pyproject.toml) and must be installed")
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("python-sdk")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}  # its ruff post-hooks
    result = subprocess.run(
        [
            _tool("openapi-python-client"),
            "generate",
            "--path",
            str(CONTRACT),
            "--output-path",
            str(folder / "peaceops_client"),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert only_ndjson_warnings(result.stdout + result.stderr)
    shutil.copy(SCRIPT, folder / SCRIPT.name)
    return folder


def test_the_script_type_checks_against_the_generated_client(generated: Path) -> None:
    result = subprocess.run(
        [_tool("mypy"), "--strict", "--follow-imports=silent", "--no-incremental", SCRIPT.name],
        capture_output=True,
        text=True,
        cwd=generated,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_generated_client_against_serve(generated: Path, served: Served) -> None:
    result = subprocess.run(
        [sys.executable, SCRIPT.name, served.base, served.key],
        capture_output=True,
        text=True,
        cwd=generated,  # the generated package, not the project's, on the path
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    found = json.loads(result.stdout)
    modules = sum(1 for _ in (generated / "peaceops_client").rglob("*.py"))
    assert found["modules"] == modules - 1  # every module but the package's own __init__
    haiti_and_cyprus = found["missions"]
    assert haiti_and_cyprus["count"] == len(haiti_and_cyprus["ids"]) == 11
    assert haiti_and_cyprus["ids"][0] == "unficyp" and "mss-haiti" in haiti_and_cyprus["ids"]
    assert found["abstentions"] == ["china", "russian-federation"]
    patch = found["patch"]
    assert patch["status"] == 200 and patch["etag"] == ['"v1"', '"v2"']
    assert patch["summary"] == "Political mission; edited through the generated Python client."
    assert patch["stale"] == [412, "Precondition failed"]
    export = found["export"]
    assert export["rows"] > 20 and export["missions"] == ["gang-suppression-force", "mss-haiti"]
    assert found["problem"] == {"status": 400, "fields": ["cursor"]}
    # on the wire: the two-value filter as repeated keys, the patch as a merge patch
    log = served.server.output()
    assert "host_country__in=HTI&host_country__in=CYP" in log
