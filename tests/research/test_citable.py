"""Citable, reproducible data: the dataset version, /v1/meta, sources as citations, and
the Frictionless export that loads back unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import frictionless
import orjson
import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from api.cli import main
from api.curation.importers.datapackage import export_dataset, import_dataset
from api.curation.seed import load_seed
from api.db import create_engine
from api.db.migrate import head_revision, upgrade
from api.models import Mission
from api.research.dataset_version import (
    compute_dataset_version,
    read_dataset_version,
    refresh_dataset_version,
)
from api.settings import Settings
from tests.conftest import SEED
from tests.research.conftest import assert_same

META = """{ meta { datasetVersion
  counts { missions resolutions mandates contributors observations events sources votes }
  licenses { data { name title path } code { path } } citation { text bibtex } } }"""


def test_meta_counts_version_licences_and_citation(
    rest: Callable[..., Any], graph: Callable[..., Any]
) -> None:
    meta = rest("/v1/meta")
    assert meta["counts"]["missions"] > 70 and meta["counts"]["votes"] > 500
    for name, count in meta["counts"].items():
        assert rest(f"/v1/{name}", limit=1)["meta"]["count"] == count
    assert meta["licenses"]["data"]["name"] == "CC-BY-4.0" and meta["licenses"]["code"]["name"] == "MIT"
    version = meta["dataset_version"]
    assert version in meta["citation"]["text"] and version in meta["citation"]["bibtex"]
    assert rest("/v1/events", limit=1)["meta"]["dataset_version"] == version
    assert_same(meta, graph(META)["meta"])


def test_the_version_changes_exactly_when_the_data_does(make_database: Callable[[], str]) -> None:
    engine = create_engine(Settings(database_url=make_database()))
    try:
        upgrade(engine)
        load_seed(engine, SEED)
        with engine.connect() as conn:
            first = read_dataset_version(conn)
        assert first is not None and first == _recomputed(engine)
        load_seed(engine, SEED)  # nothing changes
        with engine.connect() as conn:
            assert read_dataset_version(conn) == first
        mission = Mission.__table__  # type: ignore[attr-defined]
        with engine.begin() as conn:
            conn.execute(sa.update(mission).where(mission.c.id == "binuh").values(summary="edited"))
            changed = refresh_dataset_version(conn)
        assert changed != first
        load_seed(engine, SEED)  # the seed puts the summary back
        with engine.connect() as conn:
            assert read_dataset_version(conn) == first
    finally:
        engine.dispose()


def _recomputed(engine: sa.Engine) -> str:
    with engine.connect() as conn:
        return compute_dataset_version(conn)


def test_source_as_bibtex_and_csl_json(client: TestClient, graph: Callable[..., Any]) -> None:
    bib = client.get("/v1/sources/un-press-sc-15432", params={"format": "bibtex"})
    assert bib.status_code == 200 and bib.headers["content-type"].startswith("application/x-bibtex")
    assert bib.text.startswith("@misc{un-press-sc-15432,\n")
    assert "  year = {2023},\n  month = oct," in bib.text
    csl = client.get("/v1/sources/un-press-sc-15432", params={"format": "csl-json"})
    assert csl.headers["content-type"] == "application/vnd.citationstyles.csl+json"
    [item] = csl.json()
    assert (item["type"], item["issued"]) == ("report", {"date-parts": [[2023, 10, 2]]})
    data = graph('{ source(id: "un-press-sc-15432") { bibtex cslJson } }')["source"]
    assert data["bibtex"] == bib.text and orjson.loads(data["cslJson"]) == csl.json()
    plain = client.get("/v1/sources/un-press-sc-15432", params={"format": "json", "fields": "title"})
    assert set(plain.json()) == {"id", "title"}
    bad = client.get("/v1/sources/un-press-sc-15432", params={"format": "ris"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["allowed"] == ["json", "bibtex", "csl-json"]


@pytest.mark.parametrize("fmt", ["bibtex", "csl-json"])
@pytest.mark.parametrize(
    ("name", "value"),
    [("fields", "{}"), ("fields", "title,nope"), ("as_recorded", "yesterday"), ("expand", "sources")],
)
def test_a_citation_still_checks_the_options_it_ignores(
    client: TestClient, fmt: str, name: str, value: str
) -> None:
    # A citation ignores fields and as_recorded, but a value the contract refuses is still
    # a 400, as without format (the stateful Schemathesis phase sent fields={} and a
    # garbled as_recorded with format=csl-json and got 200).
    response = client.get("/v1/sources/un-press-sc-15432", params={"format": fmt, name: value})
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["field"] == name
    valid = {"fields": "title", "as_recorded": "2030-01-01T00:00:00Z"}
    ignored = client.get("/v1/sources/un-press-sc-15432", params={"format": fmt, **valid})
    assert ignored.status_code == 200
    assert ignored.text == client.get("/v1/sources/un-press-sc-15432", params={"format": fmt}).text


def test_export_is_a_valid_data_package_that_round_trips(
    engine: sa.Engine, make_database: Callable[[], str], tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    counts = export_dataset(engine, first)
    assert counts["mission"] > 70 and counts["vote"] > 500
    report = frictionless.validate(str(first / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:5]
    package = frictionless.Package(str(first / "datapackage.json"))
    missions = package.get_resource("mission").read_rows()
    assert {r["id"] for r in missions} >= {"mss-haiti", "minustah"}
    empty = create_engine(Settings(database_url=make_database()))
    try:
        upgrade(empty)
        import_dataset(empty, first)
        export_dataset(empty, second)
        with empty.connect() as conn, engine.connect() as original:
            assert read_dataset_version(conn) == compute_dataset_version(original)
    finally:
        empty.dispose()
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_dataset_citation_carries_year_version_and_url(
    rest: Callable[..., Any], graph: Callable[..., Any]
) -> None:
    meta = rest("/v1/meta")
    version, citation = meta["dataset_version"], meta["citation"]
    latest = rest("/v1/sources", sort="-published_on", published_on__isnull="false", limit=1)["data"][0]
    year = int(latest["published_on"][:4])  # the dataset's year: that of its latest source
    url = "http://testserver/v1/meta"
    bibtex = citation["bibtex"]
    assert bibtex.startswith(f"@misc{{peaceops-{version[:12]},\n")
    for line in (f"  year = {{{year}}},", f"  version = {{{version}}},", f"  url = {{{url}}},"):
        assert line + "\n" in bibtex
    [item] = citation["csl_json"]
    assert (item["type"], item["version"], item["URL"]) == ("dataset", version, url)
    assert item["issued"] == {"date-parts": [[year]]}
    assert f"({year})" in citation["text"] and url in citation["text"] and version in citation["text"]
    data = graph("{ meta { citation { text bibtex cslJson } } }")["meta"]["citation"]
    assert (data["text"], data["bibtex"]) == (citation["text"], bibtex)
    assert orjson.loads(data["cslJson"]) == citation["csl_json"]


def test_db_upgrade_says_what_it_did(
    make_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    head = head_revision()
    monkeypatch.setenv("PEACEOPS_DATABASE_URL", make_database())
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == f"db upgrade: created the schema at revision {head}\n"
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == f"db upgrade: already at revision {head}: nothing to do\n"
    older = make_database()
    engine = create_engine(Settings(database_url=older))
    try:
        assert str(upgrade(engine, "0005")) == "created the schema at revision 0005"
    finally:
        engine.dispose()
    monkeypatch.setenv("PEACEOPS_DATABASE_URL", older)
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == f"db upgrade: upgraded from revision 0005 to {head}\n"


def test_import_migrates_a_new_database_first(
    engine: sa.Engine,
    make_database: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    export_dataset(engine, tmp_path / "export")
    monkeypatch.setenv("PEACEOPS_DATABASE_URL", make_database())
    assert main(["export", str(tmp_path / "nothing")]) == 1  # no schema: says what to run
    assert "run `peaceops db upgrade`" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "export")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"import: created the schema at revision {head_revision()}\nimport: loaded ")
    assert main(["import", str(tmp_path / "export")]) == 1  # not empty any more
    assert "import needs an empty one" in capsys.readouterr().err
