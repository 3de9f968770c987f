"""Every revision says who, from where, and in which request or run (issue 16): the
request id an API write's response carries, through REST and GraphQL, whether the client
sent one or not; an import's file and content hash, and its refusal to be reverted by a
seed load. On SQLite, and on PostgreSQL with PEACEOPS_TEST_POSTGRES."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from api.curation.importers.undl import import_voting_file
from tests.curation.curated import Curated, curated
from tests.curation.test_undl_import import resolutions, rows, write

__all__ = ["curated"]  # the fixture, used by name


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        (None, False),  # the server makes one
        ("curator-session-42:patch.1", True),  # a sane one is kept
        ("not a sane id; it has spaces", False),  # replaced by the server's
        ("x" * 129, False),  # too long: replaced
    ],
)
def test_the_revision_carries_the_responses_request_id(
    curated: Curated, sent: str | None, kept: bool
) -> None:
    headers = {"X-Request-ID": sent} if sent is not None else {}
    response = curated.patch("missions", "binuh", {"summary": "A summary written through REST."}, **headers)
    carried = response.headers["x-request-id"]
    assert (carried == sent) is kept and carried
    revision = curated.history("missions", "binuh")[-1]
    assert revision["request_id"] == carried and revision["actor"] == "api" and revision["key_id"]


def test_a_graphql_write_carries_the_responses_request_id(curated: Curated) -> None:
    query = (
        "mutation($id: ID!, $patch: MissionPatchInput!) "
        "{ updateMission(id: $id, version: 1, patch: $patch) { id version } }"
    )
    response = curated.client.post(
        "/graphql",
        json={"query": query, "variables": {"id": "binuh", "patch": {"summary": "Written through GraphQL."}}},
        headers=curated.curate,
    )
    assert response.status_code == 200 and "errors" not in response.json(), response.text
    revision = curated.history("missions", "binuh")[-1]
    assert revision["request_id"] == response.headers["x-request-id"] and revision["version"] == 2


def test_an_import_records_its_file_and_a_seed_load_will_not_revert_it(
    curated: Curated, tmp_path: Path
) -> None:
    file = write(tmp_path / "2025_7_21_sc_voting.csv", rows(resolutions()))
    import_voting_file(curated.engine, file)
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    created = curated.history("resolutions", "s-res-2742-2024")
    assert [(h["action"], h["actor"]) for h in created] == [("create", "import")]
    assert created[0]["origin"] == f"{file.name} sha256:{digest}"
    assert created[0]["request_id"].startswith("import-")
    # the import filled a seeded resolution's empty agenda: the seed load would empty it again
    filled = curated.history("resolutions", "s-res-2699-2023")
    assert [h["actor"] for h in filled] == ["seed", "import"]
    assert filled[-1]["before"]["agenda"] is None and filled[-1]["after"]["agenda"]
    before = curated.revision_count()
    code, _out, err = curated.peaceops("seed", str(curated.folder))
    assert code == 1 and "resolutions/s-res-2699-2023 (haiti-council/resolutions.yaml)" in err
    assert "an import write" in err and curated.revision_count() == before
    # importing the same file again writes nothing, and records nothing
    import_voting_file(curated.engine, file)
    assert curated.revision_count() == before


def test_a_resolutions_write_revises_the_mandates_that_copy_it(curated: Curated) -> None:
    """A mandate copies its resolution's tally, meeting and penholders: a write of the
    resolution raises the mandate's version, and the mandate's history says so."""
    before = curated.client.get("/v1/mandates/s-res-2699-2023").json()
    curated.patch("resolutions", "s-res-2699-2023", {"penholders": ["ecuador", "united-states"]})
    mandate = curated.client.get("/v1/mandates/s-res-2699-2023").json()
    assert mandate["penholders"] == ["ecuador", "united-states"]
    assert mandate["version"] == before["version"] + 1
    history = curated.history("mandates", "s-res-2699-2023")
    assert [(h["actor"], h["version"]) for h in history] == [("seed", 1), ("api", mandate["version"])]
    assert history[-1]["note"] == "its copies of resolutions/s-res-2699-2023 changed"
    assert history[-1]["request_id"] == curated.history("resolutions", "s-res-2699-2023")[-1]["request_id"]
    now = curated.client.get(
        "/v1/mandates/s-res-2699-2023", params={"as_recorded": "2100-01-01T00:00:00Z"}
    ).json()
    assert now["version"] == mandate["version"]  # its document leaves the copies out
