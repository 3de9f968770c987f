"""``peaceops import FILE --format undl-sc-votes``: the UN Digital Library's Security
Council voting data, on a real migrated and seeded database (SQLite, or PostgreSQL with
PEACEOPS_TEST_POSTGRES).

The files are written here, in the Library's format (its columns, its symbols
``S/RES/2714(2023)`` and ``S/PV.9491``, its vote codes); the rows are ours, never copied
from the Library's file (its terms of use are non-commercial). Their facts are sourced:

- S/RES/2699 (2023), 2 October 2023, 9430th meeting: 13-0-2, China and the Russian
  Federation abstaining (UN press release SC/15432; the resolution's text).
- S/RES/2714 (2023), 1 December 2023, 9491st meeting: adopted unanimously (Xinhua via
  People's Daily, 2 December 2023; the resolution's text).
- S/RES/2742 (2024), 8 July 2024, 9680th meeting: adopted unanimously (UN press release
  SC/15759).
- S/RES/11 (1946), 15 November 1946, 80th meeting: adopted without a vote, which the
  Library's file records as one ``X`` row per member (see /work/notes/undl-format.md).
- The Council of 1946 (Australia, Brazil, China, Egypt, France, Mexico, the Netherlands,
  Poland, the USSR, the United Kingdom, the United States), of 2023 and of 2024 (the
  latter two as in seed/haiti-council/council.yaml).

Changed copies of these rows (a wrong tally, a missing column, a bad code) are built
by the tests that need them and say so.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.curation.dump import dump_seed
from api.curation.importers.datapackage import export_dataset
from api.curation.importers.progress import TerminalProgress
from api.curation.importers.undl import _title, import_voting_file
from api.curation.seed import load_seed, read_seed
from api.db import create_engine
from api.db.migrate import upgrade
from api.models import Resolution
from api.research.dataset_version import read_dataset_version
from api.settings import Settings

SEED = Path(__file__).resolve().parents[2] / "seed"

# The Library's header, in its order (modality between total_ms and undl_link).
HEADER = [
    "undl_id", "ms_code", "ms_name", "permanent_member", "ms_vote", "date", "resolution", "draft",
    "meeting", "description", "agenda", "subjects", "vote_note", "total_yes", "total_no",
    "total_abstentions", "total_non_voting", "total_ms", "modality", "undl_link",
]  # fmt: skip
P5 = {"CHN", "FRA", "GBR", "RUS", "SUN", "USA"}
NAMES = {
    "ALB": "ALBANIA", "ARE": "UNITED ARAB EMIRATES", "AUS": "AUSTRALIA", "BRA": "BRAZIL",
    "CHE": "SWITZERLAND", "CHN": "CHINA", "DZA": "ALGERIA", "ECU": "ECUADOR", "EGY": "EGYPT",
    "FRA": "FRANCE", "GAB": "GABON", "GBR": "UNITED KINGDOM", "GHA": "GHANA", "GUY": "GUYANA",
    "JPN": "JAPAN", "KOR": "REPUBLIC OF KOREA", "MEX": "MEXICO", "MLT": "MALTA",
    "MOZ": "MOZAMBIQUE", "NLD": "NETHERLANDS", "POL": "POLAND", "RUS": "RUSSIAN FEDERATION",
    "SLE": "SIERRA LEONE", "SUN": "USSR", "SVN": "SLOVENIA", "USA": "UNITED STATES",
    "DEU": "GERMANY",
}  # fmt: skip
COUNCIL = {
    1946: ["AUS", "BRA", "CHN", "EGY", "FRA", "MEX", "NLD", "POL", "SUN", "GBR", "USA"],
    2023: ["ALB", "BRA", "CHN", "ECU", "FRA", "GAB", "GHA", "JPN", "MLT", "MOZ", "RUS", "CHE", "ARE",
           "GBR", "USA"],
    2024: ["DZA", "CHN", "ECU", "FRA", "GUY", "JPN", "MLT", "MOZ", "KOR", "RUS", "SLE", "SVN", "CHE",
           "GBR", "USA"],
}  # fmt: skip
P5_IDS = "china,france,russian-federation,united-kingdom,united-states"


@dataclass
class Resolution_:
    symbol: str  # as the Library writes it: S/RES/2714(2023)
    date: str
    meeting: str
    votes: dict[str, str]  # member code -> Y, N, A, X
    agenda: str = ""
    modality: str = "Vote"
    undl_id: str = ""


def _votes(year: int, **others: str) -> dict[str, str]:
    votes = dict.fromkeys(COUNCIL[year], "Y")
    votes.update(others)
    return votes


def resolutions() -> list[Resolution_]:
    return [
        Resolution_(
            "S/RES/2699(2023)", "2023-10-02", "S/PV.9430", _votes(2023, CHN="A", RUS="A"),
            agenda="The question concerning Haiti.",
        ),
        Resolution_(
            "S/RES/2714(2023)", "2023-12-01", "S/PV.9491", _votes(2023),
            agenda="The situation in Somalia.", undl_id="4029187",
        ),
        Resolution_(
            "S/RES/2742(2024)", "2024-07-08", "S/PV.9680", _votes(2024),
            agenda="The situation in the Middle East.",
        ),
        Resolution_(
            "S/RES/11(1946)", "1946-11-15", "S/PV.80", dict.fromkeys(COUNCIL[1946], "X"),
            modality="Without Vote", undl_id="280463",
        ),
    ]  # fmt: skip


def rows(items: list[Resolution_]) -> list[dict[str, str]]:
    """One row per member, as the Library writes them; resolutions in no date order."""
    out = []
    for r in items:
        totals = [sum(1 for v in r.votes.values() if v == code) for code in "YNAX"]
        for code in sorted(r.votes, key=lambda c: NAMES[c]):
            out.append(
                {
                    "undl_id": r.undl_id,
                    "ms_code": code,
                    "ms_name": NAMES[code],
                    "permanent_member": str(code in P5),
                    "ms_vote": r.votes[code],
                    "date": r.date,
                    "resolution": r.symbol,
                    "draft": "",
                    "meeting": r.meeting,
                    "description": "",
                    "agenda": r.agenda,
                    "subjects": "",
                    "vote_note": "Adopted without vote" if r.modality == "Without Vote" else "",
                    "total_yes": str(totals[0]),
                    "total_no": str(totals[1]),
                    "total_abstentions": str(totals[2]),
                    "total_non_voting": str(totals[3]),
                    "total_ms": str(len(r.votes)),
                    "modality": r.modality,
                    "undl_link": f"https://digitallibrary.un.org/record/{r.undl_id}" if r.undl_id else "",
                }
            )
    return out


def write(path: Path, data: list[dict[str, str]], header: list[str] | None = None) -> Path:
    header = header or HEADER
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(data)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


# -- databases ------------------------------------------------------------------------------


def _seeded(make_database: Callable[[], str]) -> tuple[str, Engine]:
    url = make_database()
    engine = create_engine(Settings(database_url=url))
    upgrade(engine)
    load_seed(engine, SEED)
    return url, engine


@dataclass
class Imported:
    url: str
    engine: Engine
    file: Path


@pytest.fixture(scope="module")
def imported(
    make_database: Callable[[], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Imported]:
    """A seeded database into which the file of the four resolutions was imported."""
    url, engine = _seeded(make_database)
    file = write(tmp_path_factory.mktemp("undl") / "2025_7_21_sc_voting.csv", rows(resolutions()))
    import_voting_file(engine, file)
    yield Imported(url, engine, file)
    engine.dispose()


@pytest.fixture
def fresh(make_database: Callable[[], str], tmp_path: Path) -> Iterator[Imported]:
    """The same, for a test that writes more."""
    url, engine = _seeded(make_database)
    file = write(tmp_path / "2025_7_21_sc_voting.csv", rows(resolutions()))
    import_voting_file(engine, file)
    yield Imported(url, engine, file)
    engine.dispose()


@pytest.fixture(scope="module")
def api(imported: Imported) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=imported.url, seed_dir=SEED, rate_limit=0))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


def _state(engine: Engine) -> dict[str, Any]:
    """What a write would change: the dataset version and every record's version."""
    resolution = Resolution.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        versions = dict(conn.execute(sa.select(resolution.c.id, resolution.c.version)).all())
        counts = {
            table: conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("resolution", "vote", "contributor", "council_seat", "source", "resolution_source")
        }
        return {"version": read_dataset_version(conn), "versions": versions, "counts": counts}


def _run(monkeypatch: pytest.MonkeyPatch, url: str, *argv: str) -> int:
    monkeypatch.setenv("PEACEOPS_DATABASE_URL", url)
    return main(list(argv))


# -- what an import writes ----------------------------------------------------------------------


def test_new_resolutions_and_their_votes_are_served(api: TestClient) -> None:
    r = api.get("/v1/resolutions/s-res-2714-2023").json()
    assert r["symbol"] == "S/RES/2714 (2023)"
    assert (r["adopted_on"], r["meeting"], r["modality"]) == ("2023-12-01", 9491, "voted")
    assert (r["votes_for"], r["votes_against"], r["abstentions"], r["non_voting"]) == (15, 0, 0, 0)
    assert r["agenda"] == "The situation in Somalia"
    assert r["undl_record"] == "https://digitallibrary.un.org/record/4029187"
    votes = api.get("/v1/votes", params={"resolution": "s-res-2714-2023", "limit": 50}).json()["data"]
    assert len(votes) == 15 and {v["vote"] for v in votes} == {"yes"}
    assert "switzerland" in {v["member"] for v in votes}
    listed = api.get(
        "/v1/resolutions", params={"adopted_on__gte": "2024-07-08", "adopted_on__lte": "2024-07-08"}
    )
    assert [x["id"] for x in listed.json()["data"]] == ["s-res-2742-2024"]


def test_everything_written_cites_the_file(api: TestClient) -> None:
    source = api.get("/v1/sources/undl-sc-voting-2025-07-21").json()
    assert source["kind"] == "dataset"
    assert source["url"] == "https://digitallibrary.un.org/record/4055387"
    assert "2025_7_21_sc_voting.csv" in source["title"]
    assert "Digital Library" in source["publisher"]
    assert source["published_on"] == "2025-07-21"
    for path in ("resolutions/s-res-2714-2023", "resolutions/s-res-11-1946", "contributors/ussr"):
        cited = api.get(f"/v1/{path}", params={"expand": "sources"}).json()["sources"]
        assert [s["id"] for s in cited] == ["undl-sc-voting-2025-07-21"], path


def test_a_new_member_becomes_a_state_contributor(api: TestClient) -> None:
    ussr = api.get("/v1/contributors/ussr").json()
    assert (ussr["name"], ussr["kind"], ussr["iso3"], ussr["region"]) == ("USSR", "state", "SUN", None)
    # the others are mapped to the contributors with their ISO3 codes, none created twice
    assert api.get("/v1/contributors", params={"iso3": "CHE"}).json()["meta"]["count"] == 1


def test_adopted_without_a_vote_has_no_tally_and_no_votes(api: TestClient) -> None:
    r = api.get("/v1/resolutions/s-res-11-1946").json()
    assert r["modality"] == "without_vote"
    assert (r["votes_for"], r["votes_against"], r["abstentions"], r["non_voting"]) == (None,) * 4
    assert api.get("/v1/votes", params={"resolution": "s-res-11-1946"}).json()["data"] == []


def test_a_year_without_a_recorded_council_gets_it_from_the_file(imported: Imported, tmp_path: Path) -> None:
    dump_seed(imported.engine, tmp_path)
    data = read_seed(tmp_path)  # the database, dumped, is a valid seed
    [year] = [y for y in data.council if y.year == 1946]
    assert sorted(year.members) == sorted(
        ["australia", "brazil", "china", "egypt", "france", "mexico", "netherlands", "poland", "ussr",
         "united-kingdom", "united-states"]
    )  # fmt: skip
    assert year.sources == ["undl-sc-voting-2025-07-21"]
    [curated] = [y for y in data.council if y.year == 2023]
    assert curated.sources != ["undl-sc-voting-2025-07-21"]  # a curator's year is kept


def test_a_curated_resolution_is_linked_and_only_filled(api: TestClient) -> None:
    r = api.get("/v1/resolutions/s-res-2699-2023", params={"expand": "sources"}).json()
    assert r["agenda"] == "The question concerning Haiti"  # it was empty
    assert r["penholders"] == ["united-states", "ecuador"]  # the file has none: ours are kept
    assert [s["id"] for s in r["sources"]] == ["un-press-sc-15432", "undl-sc-voting-2025-07-21"]
    votes = api.get("/v1/votes", params={"resolution": "s-res-2699-2023", "vote": "abstain"}).json()["data"]
    assert sorted(v["member"] for v in votes) == ["china", "russian-federation"]
    # the mandate it gives still answers with its votes
    assert (
        api.get("/v1/mandates/s-res-2699-2023/votes", params={"vote": "abstain"}).json()["meta"]["count"] == 2
    )


def test_permanent_members_abstaining_on_a_missions_mandate(api: TestClient) -> None:
    answer = api.get(
        "/v1/votes",
        params={"vote": "abstain", "member__in": P5_IDS, "mission_kind": "un_authorized_multinational"},
    ).json()
    found = {(v["resolution"], v["member"]) for v in answer["data"]}
    assert ("s-res-2699-2023", "china") in found and ("s-res-2699-2023", "russian-federation") in found
    graphql = api.post(
        "/graphql",
        json={"query": '{ votes(filter: {missionKind: UN_AUTHORIZED_MULTINATIONAL, vote: {eq: ABSTAIN}}) '
              "{ totalCount } }"},
    ).json()  # fmt: skip
    assert graphql["data"]["votes"]["totalCount"] >= len(found)


# -- importing again ----------------------------------------------------------------------------


def test_the_same_file_again_writes_nothing(
    imported: Imported, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(imported.engine)
    assert _run(monkeypatch, imported.url, "import", str(imported.file), "--format", "undl-sc-votes") == 0
    out = capsys.readouterr().out
    assert "0 created, 0 updated, 4 unchanged" in out and "nothing to change" in out
    assert _state(imported.engine) == before


def test_column_order_and_extra_columns_do_not_matter(imported: Imported, tmp_path: Path) -> None:
    before = _state(imported.engine)
    header = [*reversed(HEADER[:10]), "a column the importer does not know", *HEADER[10:]]
    data = [
        {**row, "a column the importer does not know": "anything"} for row in reversed(rows(resolutions()))
    ]
    report = import_voting_file(imported.engine, write(tmp_path / "2025_7_21_sc_voting.csv", data, header))
    assert not report.changed and report.unchanged == 4
    assert _state(imported.engine) == before


def test_without_vote_rows_marked_y_give_the_same_record(imported: Imported, tmp_path: Path) -> None:
    """Version 3 of the data dictionary records an adoption without a vote as Y rows."""
    before = _state(imported.engine)
    [s11] = [r for r in resolutions() if r.symbol == "S/RES/11(1946)"]
    s11.votes = dict.fromkeys(s11.votes, "Y")
    report = import_voting_file(imported.engine, write(tmp_path / "2025_7_21_sc_voting.csv", rows([s11])))
    assert not report.changed
    assert _state(imported.engine) == before


def test_a_newer_file_updates_what_changed_and_nothing_else(fresh: Imported, tmp_path: Path) -> None:
    """A constructed correction: Guyana's vote on 2742 changed from Y to A."""
    before = _state(fresh.engine)
    changed = resolutions()
    changed[2].votes["GUY"] = "A"
    report = import_voting_file(fresh.engine, write(tmp_path / "2025_11_25_sc_voting.csv", rows(changed)))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    after = _state(fresh.engine)
    assert after["version"] != before["version"]
    bumped = {k for k, v in after["versions"].items() if v != before["versions"].get(k)}
    assert bumped == {"s-res-2742-2024"}
    assert after["counts"] == {**before["counts"], "source": before["counts"]["source"] + 1}
    app = create_app(Settings(database_url=fresh.url, seed_dir=SEED, rate_limit=0))
    with TestClient(app) as client:
        r = client.get("/v1/resolutions/s-res-2742-2024", params={"expand": "sources,votes"}).json()
        assert (r["votes_for"], r["abstentions"]) == (14, 1)
        assert [s["id"] for s in r["sources"]] == ["undl-sc-voting-2025-11-25"]
        assert {v["member"] for v in r["votes"] if v["vote"] == "abstain"} == {"guyana"}
        unchanged = client.get("/v1/resolutions/s-res-2714-2023", params={"expand": "sources"}).json()
        assert [s["id"] for s in unchanged["sources"]] == ["undl-sc-voting-2025-07-21"]
    app.state.engine.dispose()


def test_a_disagreeing_tally_is_reported_and_not_written(
    fresh: Imported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A constructed error: the file says Brazil abstained on 2699 too (12-0-3)."""
    before = _state(fresh.engine)
    wrong = resolutions()[:1]
    wrong[0].votes["BRA"] = "A"
    file = write(tmp_path / "2025_11_25_sc_voting.csv", rows(wrong))
    assert _run(monkeypatch, fresh.url, "import", str(file), "--format", "undl-sc-votes") == 0
    out = capsys.readouterr().out
    [line] = [x for x in out.splitlines() if x.startswith("disagreement:")]
    assert "S/RES/2699 (2023)" in line and "tally ours 13-0-2-0, the file's 12-0-3-0" in line
    assert "brazil ours yes, the file's abstain" in line and "left as it is" in line
    assert _state(fresh.engine) == before


def test_votes_that_do_not_name_the_years_council_are_left_out(fresh: Imported, tmp_path: Path) -> None:
    """A constructed error: Germany instead of Switzerland on 2714 (2023)."""
    moved = resolutions()[1]
    moved.votes = {("DEU" if code == "CHE" else code): vote for code, vote in moved.votes.items()}
    moved.symbol, moved.date = "S/RES/2715(2023)", "2023-12-01"
    report = import_voting_file(fresh.engine, write(tmp_path / "2025_11_25_sc_voting.csv", rows([moved])))
    assert report.created == 1
    [line] = report.without_votes
    assert line.startswith("S/RES/2715 (2023): its members differ from the 2023 Council")
    assert "germany" in line and "switzerland" in line
    app = create_app(Settings(database_url=fresh.url, seed_dir=SEED, rate_limit=0))
    with TestClient(app) as client:
        assert client.get("/v1/resolutions/s-res-2715-2023").json()["votes_for"] == 15
        assert client.get("/v1/votes", params={"resolution": "s-res-2715-2023"}).json()["data"] == []
    app.state.engine.dispose()


# -- refusals -----------------------------------------------------------------------------------


def _drop_column(data: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[str]]:
    return data, [h for h in HEADER if h != "ms_vote"]


def _cell(index: int, column: str, value: str) -> Callable[[list[dict[str, str]]], Any]:
    def change(data: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[str]]:
        data[index][column] = value
        return data, HEADER

    return change


def _drop_row(data: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[str]]:
    return data[1:], HEADER


REFUSALS = [
    ("missing-column", _drop_column, ":1: column ms_vote: is missing from the header"),
    ("unknown-vote", _cell(3, "ms_vote", "Z"), ":5: column ms_vote: 'Z' is not a vote code"),
    ("bad-date", _cell(3, "date", "02/10/2023"), ":5: column date: '02/10/2023' is not a date"),
    ("impossible-date", _cell(3, "date", "2023-02-30"), ":5: column date: '2023-02-30'"),
    ("bad-symbol", _cell(3, "resolution", "S/RES/2699"), ":5: column resolution: 'S/RES/2699' is not"),
    ("bad-meeting", _cell(3, "meeting", "9430th"), ":5: column meeting: '9430th' is not a meeting symbol"),
    ("bad-code", _cell(3, "ms_code", "ch"), ":5: column ms_code: 'ch' is not a three-letter"),
    ("member-count", _drop_row, ":2: column total_ms: S/RES/2699 (2023) has 14 member rows, but total_ms"),
    ("vote-count", _cell(0, "ms_vote", "A"), ":2: column total_abstentions: S/RES/2699 (2023) has 3"),
    ("row-disagrees", _cell(3, "total_yes", "12"), ":5: column total_yes: '12' differs from '13' on line 2"),
    ("not-a-number", _cell(3, "total_no", "none"), ":5: column total_no: 'none' is not a whole number"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "change", "expected"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_bad_input_is_refused_with_one_line_and_nothing_written(
    imported: Imported,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    case: str,
    change: Callable[[list[dict[str, str]]], tuple[list[dict[str, str]], list[str]]],
    expected: str,
) -> None:
    before = _state(imported.engine)
    data = rows(resolutions())
    data.append({**data[-1], "resolution": "S/RES/12(1946)"})  # something new it would write
    data, header = change(data)
    file = write(tmp_path / "bad.csv", data, header)
    assert _run(monkeypatch, imported.url, "import", str(file), "--format", "undl-sc-votes") == 1
    err = capsys.readouterr().err
    assert f"{file}{expected}" in err, err
    assert err.strip().splitlines()[-1].endswith("nothing was written")
    assert _state(imported.engine) == before


def test_every_problem_is_listed_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], imported: Imported
) -> None:
    data = rows(resolutions())
    data[0]["ms_vote"], data[20]["date"] = "?", "yesterday"
    file = write(tmp_path / "bad.csv", data)
    assert _run(monkeypatch, imported.url, "import", str(file), "--format", "undl-sc-votes") == 1
    problems = [line for line in capsys.readouterr().err.splitlines() if line.startswith(str(file))]
    assert [p.split(": column ")[1].split(":")[0] for p in problems] == ["ms_vote", "date"]


# -- the command ----------------------------------------------------------------------------------


def test_an_unmigrated_database_is_migrated_first(
    make_database: Callable[[], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = make_database()
    file = write(tmp_path / "votes.csv", rows(resolutions()))
    assert _run(monkeypatch, url, "import", str(file), "--format", "undl-sc-votes") == 0
    captured = capsys.readouterr()
    assert "migrated the new database" in captured.err
    assert "\r" not in captured.err  # no progress bar where stderr is not a terminal
    assert "4 created" in captured.out
    engine = create_engine(Settings(database_url=url))
    try:
        with engine.connect() as conn:
            symbols = (
                conn.execute(sa.text("SELECT symbol FROM resolution ORDER BY adopted_on")).scalars().all()
            )
            assert symbols[0] == "S/RES/11 (1946)" and len(symbols) == 4
            # with no curated Council, the file gives every year's
            assert conn.execute(sa.text("SELECT count(DISTINCT year) FROM council_seat")).scalar() == 3
    finally:
        engine.dispose()


def test_a_data_package_still_imports(
    imported: Imported, make_database: Callable[[], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_dataset(imported.engine, tmp_path / "package")
    empty = make_database()
    engine = create_engine(Settings(database_url=empty))
    upgrade(engine)
    engine.dispose()
    assert _run(monkeypatch, empty, "import", str(tmp_path / "package")) == 0
    # a file without --format is not mistaken for a package
    assert _run(monkeypatch, empty, "import", str(imported.file)) == 1


def test_the_progress_bar_draws_and_ends_its_line() -> None:
    stream = io.StringIO()
    progress = TerminalProgress(stream)
    step = progress("reading", 200)
    step(100)
    step(100)
    progress.close()
    text = stream.getvalue()
    assert text.startswith("\rreading ") and "100%" in text and text.endswith("\n")


@pytest.mark.parametrize(
    ("upper", "name"),
    [
        ("UNITED REPUBLIC OF TANZANIA", "United Republic of Tanzania"),
        ("CÔTE D'IVOIRE", "Côte d'Ivoire"),
        ("GUINEA-BISSAU", "Guinea-Bissau"),
        ("DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA", "Democratic People's Republic of Korea"),
        ("BOLIVIA (PLURINATIONAL STATE OF)", "Bolivia (Plurinational State of)"),
    ],
)
def test_a_new_members_name_is_written_in_title_case(upper: str, name: str) -> None:
    assert _title(upper) == name
