"""The GraphQL contract as a TypeScript front end uses it: graphql-codegen's
typescript-operations plugin (tests/package.json) types the operations of
tests/graphql/codegen/operations.graphql from the committed schema/schema.graphql alone,
and ``tsc --strict`` checks a small client: the variables it sends (the typed
``MissionPatchInput`` included) and the answers the app really gave to those very
operations are assigned to the generated types, and wrong uses are refused. The
operations run against the app first, so the documents are valid and answer without
errors.

typescript-operations 6 writes the enums and input types the operations use itself (with
the ``typescript`` plugin beside it in one file, every such type is declared twice and tsc
refuses the file), so it runs alone, with its defaults but for the two custom scalars:
``Date`` a string, ``Quantity`` a number."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.curation.keys import create_key
from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.models.enums import KeyScope
from api.settings import Settings
from tests.node_tools import NODE_DIR, node_tool

ROOT = Path(__file__).resolve().parents[2]
SDL = ROOT / "schema" / "schema.graphql"
OPERATIONS = Path(__file__).with_name("codegen") / "operations.graphql"

FIRST_PAGE = {"country": "HTI", "first": 2, "after": None, "mandates": 3}
EVENTS = {"mission": "mss-haiti", "from": "2024-06-01", "to": "2024-12-31", "first": 20}
PATCH = {
    "id": "mss-haiti",
    "version": 1,
    "patch": {"acronym": None, "summary": "Kenya-led mission in support of the Haitian National Police."},
}


@pytest.fixture(scope="module")
def writable(make_database: Callable[[], str]) -> Iterator[tuple[TestClient, str]]:
    url = make_database()
    engine = create_engine(Settings(database_url=url))
    upgrade(engine)
    load_seed(engine, ROOT / "seed")
    key = create_key(engine, name="front end", scope=KeyScope.curate)
    engine.dispose()
    app = create_app(Settings(database_url=url, rate_limit=0))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, key
    app.state.engine.dispose()


def _run(client: TestClient, name: str, variables: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = client.post(
        "/graphql",
        json={"query": OPERATIONS.read_text(), "operationName": name, "variables": variables},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


@pytest.fixture(scope="module")
def answers(writable: tuple[TestClient, str]) -> dict[str, tuple[dict[str, Any], Any]]:
    """Each operation's variables and the app's answer (the mutation last: it writes)."""
    client, key = writable
    first = _run(client, "MissionsWithMandates", FIRST_PAGE)
    second_page = {**FIRST_PAGE, "after": first["missions"]["pageInfo"]["endCursor"]}
    second = _run(client, "MissionsWithMandates", second_page)
    events = _run(client, "MissionEvents", EVENTS)
    patched = _run(client, "PatchMission", PATCH, key)
    return {
        "firstPage": (FIRST_PAGE, first),
        "secondPage": (second_page, second),
        "events": (EVENTS, events),
        "patched": (PATCH, patched),
    }


def test_the_operations_answer(answers: dict[str, tuple[dict[str, Any], Any]]) -> None:
    first, second = answers["firstPage"][1]["missions"], answers["secondPage"][1]["missions"]
    assert first["totalCount"] == second["totalCount"] > 2 and first["pageInfo"]["hasNextPage"]
    assert not {m["id"] for m in first["nodes"]} & {m["id"] for m in second["nodes"]}
    mandates = [d for m in first["nodes"] + second["nodes"] for d in m["mandates"]["nodes"]]
    assert any(d["votes"] for d in mandates), "no mandate with its Council votes"
    events = answers["events"][1]["events"]["nodes"]
    assert events and all("2024-06-01" <= e["date"] <= "2024-12-31" for e in events)
    assert any(e["actors"] for e in events)
    patched = answers["patched"][1]["updateMission"]
    assert (patched["version"], patched["acronym"]) == (2, None)
    last = patched["history"]["nodes"][-1]
    assert (last["action"], last["before"]["acronym"], last["after"]["acronym"]) == ("update", "MSS", None)


def _codegen(out: Path) -> Path:
    """graphql-codegen with the typescript-operations plugin, from a config of its own."""
    node = shutil.which("node")
    assert node is not None
    cli = node_tool("@graphql-codegen", "cli", "cjs", "bin.js")
    node_tool("@graphql-codegen", "typescript-operations", "package.json")
    generated = out / "operations.ts"
    config = out / "codegen.json"
    config.write_text(
        json.dumps(
            {
                "schema": str(SDL),
                "documents": str(OPERATIONS),
                "generates": {
                    str(generated): {
                        "plugins": ["typescript-operations"],
                        "config": {"scalars": {"Date": "string", "Quantity": "number"}},
                    }
                },
            }
        )
    )
    # run from tests/ so that the plugin resolves from tests/node_modules
    result = subprocess.run(
        [node, str(cli), "--config", str(config)],
        cwd=NODE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return generated


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the types were generated into (``operations.ts``)."""
    out = tmp_path_factory.mktemp("codegen")
    _codegen(out)
    return out


def _tsc(source: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node is not None
    tsc = node_tool("typescript", "bin", "tsc")
    args = [
        "--strict",
        "--noEmit",
        "--target",
        "es2022",
        "--module",
        "esnext",
        "--moduleResolution",
        "bundler",
    ]
    return subprocess.run(
        [node, str(tsc), *args, source.name],
        cwd=source.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


CLIENT = """\
import type {{
  MissionEventsQuery,
  MissionEventsQueryVariables,
  MissionPatchInput,
  MissionsWithMandatesQuery,
  MissionsWithMandatesQueryVariables,
  PatchMissionMutation,
  PatchMissionMutationVariables,
}} from "./operations";

// What the client sent and what the app answered, as the generated types say they are.
export const firstPageVariables: MissionsWithMandatesQueryVariables = {firstPage[0]};
export const firstPage: MissionsWithMandatesQuery = {firstPage[1]};
export const secondPageVariables: MissionsWithMandatesQueryVariables = {secondPage[0]};
export const secondPage: MissionsWithMandatesQuery = {secondPage[1]};
export const eventsVariables: MissionEventsQueryVariables = {events[0]};
export const events: MissionEventsQuery = {events[1]};
export const patchVariables: PatchMissionMutationVariables = {patched[0]};
export const patched: PatchMissionMutation = {patched[1]};

// A front end's use of them, checked under --strict.
export function nextPage(answer: MissionsWithMandatesQuery): MissionsWithMandatesQueryVariables | null {{
  const info = answer.missions.pageInfo;
  if (!info.hasNextPage || info.endCursor === null) return null;
  return {{ ...firstPageVariables, after: info.endCursor }};
}}

export function councilVotes(answer: MissionsWithMandatesQuery): string[] {{
  return answer.missions.nodes.flatMap((mission) =>
    mission.mandates.nodes.flatMap((mandate) =>
      mandate.votes.map((v) => {{
        const who = mission.acronym ?? mission.name;
        return `${{who}} ${{mandate.symbol}}: ${{v.member.name}} ${{v.vote}}`;
      }}),
    ),
  );
}}

export function whoActed(answer: MissionEventsQuery): Map<string, string[]> {{
  const out = new Map<string, string[]>();
  for (const event of answer.events.nodes) {{
    out.set(event.date, event.actors.map((a) => `${{a.contributor.name}} (${{a.role}}, ${{a.stance}})`));
  }}
  return out;
}}

export function clearAcronym(id: string, version: number): PatchMissionMutationVariables {{
  const patch: MissionPatchInput = {{ acronym: null, status: "COMPLETED", endDate: "2025-09-30" }};
  return {{ id, version, patch }};
}}
"""

WRONG = """\
import type { MissionPatchInput, MissionsWithMandatesQuery } from "./operations";
import type { PatchMissionMutationVariables } from "./operations";
declare const answer: MissionsWithMandatesQuery;
export const lead: string = answer.missions.nodes[0]!.lead.name;
export const badStatus: MissionPatchInput = { status: "FINISHED" };
export const badField: MissionPatchInput = { summary: "x", version: 3 };
export const noVersion: PatchMissionMutationVariables = { id: "mss-haiti", patch: {} };
"""


def test_generated_types_check_the_client(
    generated: Path, answers: dict[str, tuple[dict[str, Any], Any]]
) -> None:
    values = {name: tuple(json.dumps(v, indent=2) for v in pair) for name, pair in answers.items()}
    client = generated / "client.ts"
    client.write_text(CLIENT.format(**values))
    result = _tsc(client)
    assert result.returncode == 0, result.stdout[-4000:]


def test_generated_types_refuse_wrong_uses(generated: Path) -> None:
    wrong = generated / "wrong.ts"
    wrong.write_text(WRONG)
    result = _tsc(wrong)
    assert result.returncode != 0
    lines = {int(m) for m in re.findall(r"^wrong\.ts\((\d+),", result.stdout, re.M)}
    # a nullable record read without a check, an enum value that does not exist, a field
    # the input does not have, a required variable left out
    assert lines == {4, 5, 6, 7}, result.stdout
