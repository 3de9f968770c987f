"""The loader: the whole dataset loads, a second load writes nothing, and each kind of bad
file is refused with a message naming file, record and field, leaving the database as it was."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from api.curation.seed import load_seed, read_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.errors import SeedError
from api.settings import Settings

SEED = Path(__file__).resolve().parent.parent / "seed"


@pytest.fixture(scope="module")
def loaded(make_database: Callable[[], str]) -> Iterator[Engine]:
    engine = create_engine(Settings(database_url=make_database()))
    upgrade(engine)
    load_seed(engine, SEED)
    yield engine
    engine.dispose()


def _snapshot(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in SQLModel.metadata.sorted_tables
        }


def _records_in_files(kind: str) -> int:
    """Records of one kind in the seed folder and its collections, counted from the YAML."""
    files = [SEED / f"{kind}.yaml", *sorted(SEED.glob(f"*/{kind}.yaml"))]
    return sum(len(yaml.safe_load(f.read_text()) or []) for f in files if f.exists())


def test_full_dataset_loads(loaded: Engine) -> None:
    counts = _snapshot(loaded)
    for table in ("source", "contributor", "mission", "resolution", "mandate", "observation", "event"):
        assert counts[table] == _records_in_files(f"{table}s"), table
        assert counts[table] > 0, table


def test_loading_twice_changes_nothing(loaded: Engine) -> None:
    before = _snapshot(loaded)
    report = load_seed(loaded, SEED)
    assert not report.changed, report.summary()
    assert _snapshot(loaded) == before


def test_every_record_cites_a_source(loaded: Engine) -> None:
    from api.models import CITATION_TABLES

    with loaded.connect() as conn:
        for table_name, link in CITATION_TABLES.items():
            table = SQLModel.metadata.tables[table_name]
            uncited = conn.execute(
                sa.select(sa.func.count())
                .select_from(table)
                .where(~sa.exists().where(link.c.record_id == table.c.id))
            ).scalar_one()
            assert uncited == 0, table_name


def _mutate(tmp_path: Path, file: str, change: Callable[[list[dict]], None]) -> Path:
    """A copy of the seed with ``file`` (a path inside the seed folder) changed."""
    folder = tmp_path / "seed"
    shutil.copytree(SEED, folder)
    records = yaml.safe_load((folder / file).read_text())
    change(records)
    (folder / file).write_text(yaml.safe_dump(records, sort_keys=False, allow_unicode=True))
    return folder


def _first_where(records: list[dict], key: str, **updates: object) -> None:
    """Updates the first record whose ``key`` is set (with ``key`` among the updates: the
    record whose ``key`` has that value)."""
    wanted = updates.pop(key, None) if key in updates else None
    found = next(r for r in records if r.get(key) is not None and (wanted is None or r[key] == wanted))
    found.update(updates)


def _first(records: list[dict], **updates: object) -> None:
    records[0].update(updates)


BAD_FILES = [
    pytest.param(
        "missions.yaml",
        lambda r: _first(r, colour="blue"),
        "missions.yaml",
        "colour",
        "Extra inputs are not permitted",
        id="unknown-field",
    ),
    pytest.param(
        "events.yaml",
        lambda r: _first(r, sources=[]),
        "events.yaml",
        "sources",
        "at least 1 item",
        id="missing-source",
    ),
    pytest.param(
        "observations.yaml",
        lambda r: _first(r, contributor="atlantis"),
        "observations.yaml",
        "contributor",
        "'atlantis', which is not in the seed's contributors.yaml",
        id="dangling-reference",
    ),
    pytest.param(
        "haiti-council/mandates.yaml",
        lambda r: _first(r, adopted_on="2024-02-30"),
        "haiti-council/mandates.yaml",
        "adopted_on",
        "date",
        id="not-a-date",
    ),
    pytest.param(
        "sources.yaml",
        lambda r: _first(r, url="https://kesq.com/"),
        "sources.yaml",
        "url",
        "a site's home page, not a document",
        id="home-page-url",
    ),
    pytest.param(
        "sources.yaml",
        lambda r: _first(r, url=None, symbol=None, note=None),
        "sources.yaml",
        None,
        "needs the url of the document or its UN document symbol",
        id="source-without-document",
    ),
    pytest.param(
        "observations.yaml",
        lambda r: _first(r, note="Derived from two reports."),
        "observations.yaml",
        "note",
        "never a computed one",
        id="computed-figure",
    ),
    pytest.param(
        "missions.yaml",
        lambda r: _first_where(r, "end_date", status="active"),
        "missions.yaml",
        "status",
        "is active, but the mission ended on",
        id="active-after-its-end",
    ),
    pytest.param(
        "missions.yaml",
        lambda r: _first_where(r, "id", id="minujusth", status="active", end_date=None),
        "missions.yaml",
        "status",
        "no mandate is in force",
        id="active-without-a-mandate-in-force",
    ),
    pytest.param(
        "haiti-council/mandates.yaml",
        lambda r: _first(r, symbol="S/RES/1 (1946)"),
        "haiti-council/mandates.yaml",
        "symbol",
        "but its resolution's is",
        id="mandate-disagrees-with-its-resolution",
    ),
    pytest.param(
        "haiti-council/council.yaml",
        lambda r: _first(r, members=r[0]["members"][:11]),
        "haiti-council/council.yaml",
        "members",
        "had 15 members, not 11",
        id="council-of-the-wrong-size",
    ),
    pytest.param(
        "contributors.yaml",
        lambda r: r.append(dict(r[0])),
        "contributors.yaml",
        "id",
        "duplicate id",
        id="duplicate-id",
    ),
    pytest.param(
        "observations.yaml",
        lambda r: _first(r, metric="morale"),
        "observations.yaml",
        "metric",
        "Input should be",
        id="not-in-enum",
    ),
    pytest.param(
        "events.yaml",
        lambda r: _first(r, sources=["no-such-source"]),
        "events.yaml",
        "sources.0",
        "not in the seed's sources.yaml",
        id="unknown-source",
    ),
]


@pytest.mark.parametrize(("file", "change", "named_file", "field", "message"), BAD_FILES)
def test_bad_file_is_refused_and_nothing_written(
    loaded: Engine,
    tmp_path: Path,
    file: str,
    change: Callable[[list[dict]], None],
    named_file: str,
    field: str | None,
    message: str,
) -> None:
    folder = _mutate(tmp_path, file, change)
    # A valid change elsewhere proves the refusal is all-or-nothing.
    sources = yaml.safe_load((folder / "sources.yaml").read_text())
    sources[0]["title"] = "Changed title that must not be written"
    (folder / "sources.yaml").write_text(yaml.safe_dump(sources, sort_keys=False, allow_unicode=True))
    before = _snapshot(loaded)
    with pytest.raises(SeedError) as caught:
        load_seed(loaded, folder)
    text = str(caught.value)
    assert named_file in text and message in text, text
    assert field is None or repr(field) in text, text
    assert caught.value.record is not None
    assert _snapshot(loaded) == before
    with loaded.connect() as conn:
        titles = conn.execute(sa.text("select title from source")).scalars().all()
    assert "Changed title that must not be written" not in titles


def test_votes_must_match_the_council(loaded: Engine, tmp_path: Path) -> None:
    def drop_a_voter(records: list[dict]) -> None:
        resolution = next(r for r in records if r["id"] == "s-res-2699-2023")
        resolution["votes"]["yes"] = resolution["votes"]["yes"][1:]

    folder = _mutate(tmp_path, "haiti-council/resolutions.yaml", drop_a_voter)
    with pytest.raises(SeedError, match=r"resolutions.yaml, record s-res-2699-2023, field 'votes'"):
        load_seed(loaded, folder)


def test_collections_form_one_set(tmp_path: Path) -> None:
    """Records of a kind in sub-folders join the top-level ones; an id is unique across
    every file, and a duplicate names both files."""
    folder = tmp_path / "seed"
    shutil.copytree(SEED, folder)
    whole = read_seed(folder)
    (folder / "more").mkdir()
    events = yaml.safe_load((folder / "events.yaml").read_text())

    def write(path: Path, records: list[dict]) -> None:
        path.write_text(yaml.safe_dump(records, sort_keys=False, allow_unicode=True))

    write(folder / "events.yaml", events[1:])
    write(folder / "more" / "events.yaml", events[:1])
    assert sorted(e.id for e in read_seed(folder).events) == sorted(e.id for e in whole.events)
    write(folder / "more" / "events.yaml", events[:2])
    with pytest.raises(SeedError, match=r"more/events.yaml, record .*duplicate id \(also in events.yaml\)"):
        read_seed(folder)


def test_invalid_yaml_names_the_file(loaded: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "seed"
    shutil.copytree(SEED, folder)
    (folder / "events.yaml").write_text("- id: [unclosed\n")
    with pytest.raises(SeedError, match=r"events\.yaml: is not valid YAML"):
        load_seed(loaded, folder)


def test_an_edit_updates_in_place(make_database: Callable[[], str], tmp_path: Path) -> None:
    engine = create_engine(Settings(database_url=make_database()))
    try:
        upgrade(engine)
        load_seed(engine, SEED)
        folder = _mutate(tmp_path, "missions.yaml", lambda r: _first(r, summary="An edited summary."))
        report = load_seed(engine, folder)
        assert report.tables["mission"]["updated"] == 1
        with engine.connect() as conn:
            assert (
                conn.execute(
                    sa.text("select count(*) from search_document where body like '%edited summary%'")
                ).scalar_one()
                == 1
            )
    finally:
        engine.dispose()
