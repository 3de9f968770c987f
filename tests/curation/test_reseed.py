"""Curated edits are never lost (issue 16): re-seeding refuses to revert an API write,
``--dump-conflicts`` hands it back in seed format, ``--overwrite`` says what it overwrote,
and an unchanged reload writes nothing. On SQLite, and on PostgreSQL with
PEACEOPS_TEST_POSTGRES."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
import yaml

from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.research.dataset_version import read_dataset_version
from api.settings import Settings
from tests.curation.curated import SEED, Curated, curated, edit_record, merge_dumped

__all__ = ["curated"]  # the fixture, used by name

EDIT = "Kenya-led mission authorized by resolution 2699 (2023); edited by a curator through the API."


def _state(c: Curated) -> tuple[object, ...]:
    """What a refused load must leave as it was: revisions, dataset version, the record."""
    with c.engine.connect() as conn:
        version = read_dataset_version(conn)
        summary = conn.execute(sa.text("SELECT summary, version FROM mission WHERE id = 'mss-haiti'")).one()
    return c.revision_count(), version, tuple(summary)


def test_a_fresh_load_records_a_seed_revision_per_record_and_counts_truthfully(curated: Curated) -> None:
    history = curated.history("missions", "mss-haiti")
    assert [(h["action"], h["actor"], h["version"]) for h in history] == [("create", "seed", 1)]
    seeded = history[0]
    assert seeded["origin"].startswith("missions.yaml sha256:") and seeded["key_id"] is None
    assert seeded["request_id"].startswith("seed-") and seeded["before"] is None
    assert seeded["after"]["summary"] == curated.client.get("/v1/missions/mss-haiti").json()["summary"]
    gone = curated.client.get("/v1/missions/mss-haiti", params={"as_recorded": "2000-01-01T00:00:00Z"})
    assert gone.status_code == 404 and "did not exist yet" in gone.json()["detail"]


def test_a_load_into_an_empty_database_reports_inserts_only(make_database: Callable[[], str]) -> None:
    """Not ``mission: 75 inserted, 75 updated``: the links a second pass sets are part of
    the inserts."""
    engine = create_engine(Settings(database_url=make_database()))
    try:
        upgrade(engine)
        report = load_seed(engine, SEED)
    finally:
        engine.dispose()
    assert all(counts["updated"] == 0 for counts in report.tables.values())
    assert "updated" not in report.summary() and "mission: 75 inserted;" in report.summary()


def test_an_unchanged_reload_writes_nothing(curated: Curated) -> None:
    before = _state(curated)
    code, out, err = curated.peaceops("seed", str(curated.folder))
    assert code == 0, err
    assert out.strip() == "seed: nothing to change"
    assert _state(curated) == before


def test_an_api_edit_then_reseed_is_refused_and_writes_nothing(curated: Curated) -> None:
    patched = curated.patch("missions", "mss-haiti", {"summary": EDIT})
    revision = curated.history("missions", "mss-haiti")[-1]
    assert revision["actor"] == "api" and revision["request_id"] == patched.headers["x-request-id"]
    before = _state(curated)
    code, out, err = curated.peaceops("seed", str(curated.folder))
    assert code == 1 and out == ""
    lines = [line for line in err.splitlines() if line.startswith("missions/")]
    assert len(lines) == 1, err
    assert lines[0].startswith("missions/mss-haiti (missions.yaml): the seed would change summary,")
    assert f"revision {revision['revision']} (an API write by key {revision['key_id']}" in lines[0]
    assert "nothing was written" in err and "--dump-conflicts" in err
    assert _state(curated) == before
    assert curated.client.get("/v1/missions/mss-haiti").json()["summary"] == EDIT


def test_dumped_conflicts_merged_into_the_files_lose_nothing(curated: Curated, tmp_path: Path) -> None:
    curated.patch("missions", "mss-haiti", {"summary": EDIT})
    edited = curated.client.get("/v1/missions/mss-haiti").json()
    dumped = tmp_path / "conflicts"
    code, _out, err = curated.peaceops("seed", str(curated.folder), "--dump-conflicts", str(dumped))
    assert code == 1 and "wrote 1 record as stored now" in err, err
    records = yaml.safe_load((dumped / "missions.yaml").read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == ["mss-haiti"] and records[0]["summary"] == EDIT
    assert curated.client.get("/v1/missions/mss-haiti").json() == edited  # nothing written

    assert merge_dumped(curated.folder, dumped) == ["missions.yaml"]  # the curator merges, commits
    code, out, err = curated.peaceops("seed", str(curated.folder))
    assert code == 0, err
    assert "1 revision recorded" in out and "updated" not in out
    assert curated.client.get("/v1/missions/mss-haiti").json() == edited  # the edit survives
    history = curated.history("missions", "mss-haiti")
    assert [h["actor"] for h in history] == ["seed", "api", "seed"]
    assert history[-1]["before"] == history[-1]["after"] == history[1]["after"]
    assert history[-1]["version"] == edited["version"]

    # the files now own the record: a later change in them loads, and an unchanged one is quiet
    before = curated.revision_count()
    assert curated.peaceops("seed", str(curated.folder))[1].strip() == "seed: nothing to change"
    assert curated.revision_count() == before
    edit_record(curated.folder, "missions.yaml", "mss-haiti", summary="Changed in the files later.")
    code, out, err = curated.peaceops("seed", str(curated.folder))
    assert code == 0 and "mission: 1 updated" in out, err
    assert [h["actor"] for h in curated.history("missions", "mss-haiti")] == ["seed", "api", "seed", "seed"]


def test_overwrite_loads_and_its_revision_says_so(curated: Curated) -> None:
    seeded = curated.client.get("/v1/missions/mss-haiti").json()
    curated.patch("missions", "mss-haiti", {"summary": EDIT})
    api_revision = curated.history("missions", "mss-haiti")[-1]
    code, out, err = curated.peaceops("seed", str(curated.folder), "--overwrite")
    assert code == 0, err
    assert "mission: 1 updated" in out
    now = curated.client.get("/v1/missions/mss-haiti").json()
    assert now["summary"] == seeded["summary"] and now["version"] == 3
    history = curated.history("missions", "mss-haiti")
    assert [(h["actor"], h["version"]) for h in history] == [("seed", 1), ("api", 2), ("seed", 3)]
    last = history[-1]
    assert last["note"].startswith(
        f"--overwrite: overwrote revision {api_revision['revision']} (an API write"
    )
    assert last["before"]["summary"] == EDIT and last["after"]["summary"] == seeded["summary"]
    assert last["origin"].startswith("missions.yaml sha256:")


def test_an_api_delete_is_not_brought_back_silently(curated: Curated) -> None:
    event = "2004-06-01-minustah-takes-over-from-mif"
    version = curated.client.get(f"/v1/events/{event}").json()["version"]
    deleted = curated.client.delete(
        f"/v1/events/{event}", headers={**curated.curate, "If-Match": f'"v{version}"'}
    )
    assert deleted.status_code == 204
    before = curated.revision_count()
    code, _out, err = curated.peaceops("seed", str(curated.folder))
    assert code == 1
    assert f"events/{event} (events.yaml): was deleted by revision" in err
    assert curated.revision_count() == before and curated.client.get(f"/v1/events/{event}").status_code == 404

    code, out, err = curated.peaceops("seed", str(curated.folder), "--overwrite")
    assert code == 0 and "event: 1 inserted" in out, err
    history = curated.history("events", event)
    assert [(h["action"], h["actor"]) for h in history] == [
        ("create", "seed"),
        ("delete", "api"),
        ("create", "seed"),
    ]
    assert "--overwrite" in history[-1]["note"]


def test_a_change_in_the_files_to_a_record_no_one_else_wrote_loads(curated: Curated) -> None:
    """The guard is about writes since the last seed load, not about every change."""
    curated.patch("missions", "mss-haiti", {"summary": EDIT})  # another record, edited
    edit_record(curated.folder, "missions.yaml", "binuh", summary="A summary edited in the files.")
    code, _out, err = curated.peaceops("seed", str(curated.folder))
    assert code == 1 and "missions/mss-haiti" in err and "missions/binuh" not in err  # all or nothing
    assert curated.history("missions", "binuh")[-1]["after"]["summary"] != "A summary edited in the files."
    code, _out, err = curated.peaceops("seed", str(curated.folder), "--overwrite")
    assert code == 0, err
    binuh = curated.history("missions", "binuh")
    assert [h["actor"] for h in binuh] == ["seed", "seed"] and binuh[-1]["note"] is None
    assert binuh[-1]["after"]["summary"] == "A summary edited in the files."
    assert "--overwrite" in curated.history("missions", "mss-haiti")[-1]["note"]


def test_the_readmes_patch_example_writes_a_real_value(curated: Curated) -> None:
    """The README's PATCH, pasted: a real name, not ``...``, and it applies."""
    readme = (SEED.parent / "README.md").read_text(encoding="utf-8")
    found = re.search(r"curl -s -X PATCH http://127\.0\.0\.1:8000(/v1/\S+) .*?-d '(\{.*?\})'", readme, re.S)
    assert found, "the README has a PATCH example"
    path, body = found.group(1), json.loads(found.group(2))
    assert "..." not in json.dumps(body)
    response = curated.client.patch(path, json=body, headers={**curated.curate, "If-Match": '"v1"'})
    assert response.status_code == 200, response.text
    assert {k: response.json()[k] for k in body} == body
