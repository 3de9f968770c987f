"""The REST contract as an outside user tests it: the Schemathesis command line, from a
clean folder without the project's configuration, against a default ``peaceops serve``
(rate limit on) on a fresh seeded database, with every check.

What an outside user has to tell Schemathesis, and nothing more:

- the opaque cursors: a generated string is schema-valid but no cursor this server
  issued, refused with 400 by design; a hook file (``SCHEMATHESIS_HOOKS``) leaves
  ``cursor`` out of schema-valid requests (schema-violating ones keep theirs: a 400);
- for the writes, a curate key and the two statuses RFC 9110 and RFC 6585 give optimistic
  concurrency: 412 for a stale If-Match (a generated one names no current version) and
  428 for a missing one (a config file beside the writes' run);
- a pace under the server's budget (``--rate-limit 1100/m``; the server allows 1,200
  points a minute): an answer past it would be a documented 429 and test nothing.

The runs are bounded to fit about four minutes on two cores: every read operation with
the examples, fuzzing and stateful phases; the coverage phase over the record, history and
research reads (the list, export and feed operations share one parser and its
parameters, and their coverage phase, some 30,000 requests, is the in-process run of
tests/rest/test_schemathesis.py); every write with all four phases."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.clients.conftest import CONTRACT, Served

pytestmark = [pytest.mark.http, pytest.mark.slow]

HOOKS = '''\
"""What a schema cannot say about one parameter's need of another, and nothing else:

- opaque cursors are left out of schema-valid requests (a random string is schema-valid
  but not a cursor this server issued: a 400 by design);
- a schema-valid request that sorts by relevance also searches (sort=relevance ranks the
  matches of q, and without q it is a 400 by design: issue 19; OpenAPI has no way to make
  one query parameter require another)."""
import schemathesis


def _sorts_by_relevance(sort):
    keys = sort if isinstance(sort, list) else str(sort or "").split(",")
    return any(str(k).lstrip("-") == "relevance" for k in keys)


@schemathesis.hook
def map_case(ctx, case):
    if case.query and str(case.meta.generation.mode) == "positive":
        if "cursor" in case.query:
            case.query = {k: v for k, v in case.query.items() if k != "cursor"}
        if "q" not in case.query and _sorts_by_relevance(case.query.get("sort")):
            case.query = {**case.query, "q": "Haiti"}
    return case
'''

WRITES_CONFIG = """\
# Optimistic concurrency (RFC 9110, RFC 6585): a stale If-Match is a 412, a missing one a 428.
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx", "412", "428"]

[checks.missing_required_header]
expected-statuses = ["400", "401", "403", "406", "415", "422", "428"]
"""


def _operations(methods: tuple[str, ...]) -> list[str]:
    """The operation ids of these methods in the contract (the one the server serves:
    tests/rest/test_contract.py)."""
    document = json.loads(CONTRACT.read_text())
    return [
        op["operationId"]
        for path in document["paths"].values()
        for method, op in path.items()
        if method.upper() in methods
    ]


def _fresh_budget(served: Served) -> None:
    """Wait, as a polite client does, for a new rate-limit window when this one is partly
    spent (the ``RateLimit`` header: remaining points ``r``, seconds to reset ``t``)."""
    answer = httpx.get(served.base + "/v1/meta", timeout=30)
    fields = dict(part.split("=") for part in answer.headers["RateLimit"].split(";")[1:])
    if answer.status_code == 429 or int(fields["r"]) < 1150:
        time.sleep(int(fields["t"]) + 1)


def _schemathesis(served: Served, folder: Path, examples: int, *args: str) -> str:
    folder.mkdir(exist_ok=True)
    (folder / "outside_hooks.py").write_text(HOOKS)
    _fresh_budget(served)
    cli = shutil.which("schemathesis") or str(Path(sys.executable).with_name("schemathesis"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCHEMATHESIS_")}
    env.update({"SCHEMATHESIS_HOOKS": "outside_hooks", "PYTHONPATH": str(folder)})
    result = subprocess.run(
        [
            cli,
            "run",
            served.base + "/openapi.json",
            "--seed",
            "20261205",
            "--rate-limit",
            "1100/m",
            "--max-examples",
            str(examples),
            *args,
        ],
        cwd=folder,  # a clean folder: none of the project's configuration
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:]
    assert "failed" not in output.split("SUMMARY")[-1], output[-4000:]
    return output


def _statuses(served: Served) -> list[int]:
    out = []
    for line in served.server.output().splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            if record.get("logger") == "peaceops.access":
                out.append(int(record["status"]))
    return out


def test_reads(served: Served, tmp_path: Path) -> None:
    reads = _operations(("GET",))
    output = _schemathesis(
        served, tmp_path / "reads", 5, "--include-method", "GET", "--phases", "examples,fuzzing,stateful"
    )
    assert f"Tested: {len(reads)}" in output, output[-3000:]
    singles = [
        o for o in reads if not o.startswith(("list", "export")) and not o.endswith(("Feed", "Calendar"))
    ]
    output = _schemathesis(
        served,
        tmp_path / "coverage",
        5,
        "--include-method",
        "GET",
        "--exclude-operation-id-regex",
        "^(list|export)|(Feed|Calendar)$",
        "--phases",
        "coverage",
    )
    assert f"Tested: {len(singles)}" in output and len(singles) > 15, output[-3000:]
    assert not [s for s in _statuses(served) if s >= 500]


def test_writes_with_a_curate_key(served: Served, tmp_path: Path) -> None:
    writes = _operations(("POST", "PATCH", "DELETE"))
    folder = tmp_path / "writes"
    folder.mkdir()
    (folder / "schemathesis.toml").write_text(WRITES_CONFIG)
    before = len(_statuses(served))
    output = _schemathesis(
        served,
        folder,
        3,
        "--include-method-regex",
        "^(POST|PATCH|DELETE)$",
        "--header",
        f"Authorization: Bearer {served.key}",
    )
    assert f"Tested: {len(writes)}" in output and len(writes) == 21, output[-3000:]
    statuses = _statuses(served)[before:]
    assert not [s for s in statuses if s >= 500], sorted(set(statuses))
    # records made, patched and deleted, not only refusals
    assert min(statuses.count(201), statuses.count(200), statuses.count(204)) > 3, sorted(set(statuses))
