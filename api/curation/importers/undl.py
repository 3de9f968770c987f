"""``peaceops import FILE --format undl-sc-votes``: the UN Digital Library's Security
Council Voting Data into the dataset, through the seed writer (the one write path).

The file is read and checked whole first (``api.curation.importers.undl_read``); nothing is written if any
row is wrong. Then, in one transaction:

- The file becomes a **source** (kind ``dataset``, the Library as publisher, the
  dataset's record URL, the file's name in the title), cited by everything it writes.
- Each member code maps to the **contributor** with that ISO3 code; a code no contributor
  has gets a new state, named from ``ms_name``, citing the file.
- **Council years.** A year with no recorded membership gets it from the file: the
  members that most of its resolutions list (11 through 1965, 15 since), citing the
  file. So the rule every write keeps (a resolution's per-member votes name exactly its
  year's Council) holds for imported votes too, and a dump of the database is a valid
  seed. A recorded year (a curator's, or an earlier import's) is kept: a resolution whose
  members differ from it is reported and imported with its tally but without per-member
  votes, as is one whose members differ from the rest of its year in the file (a Council
  that changed during the year: one year holds one membership).
- **Resolutions.** One the dataset does not hold is created; one it holds (found by its
  symbol) is followed, filled or left as it is, by the rules of ``api.curation.importers.undl_merge``: a
  record only the dataset's files wrote follows the file; a curator's record is only
  filled where it is empty, and where the file contradicts it the disagreement is
  reported and nothing is written. Mandates copying a resolution's tally follow it (the
  writer does that).

A record equal to what is stored is not written, so importing a file again writes
nothing and leaves the dataset version as it was. Resolutions are written in batches of
``BATCH`` (one ``write_seed`` each, all in the one transaction), so memory does not grow
with what is written.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from api.curation.importers.undl_merge import TALLY, filled, followed
from api.curation.importers.undl_read import Group, VotingFile, VotingFileError, read_voting_file
from api.curation.new_ids import new_id
from api.curation.recorded import write_recorded
from api.curation.records import (
    FIRST_YEAR_OF_FIFTEEN,
    ContributorIn,
    CouncilYearIn,
    ResolutionIn,
    SourceIn,
    VotesIn,
)
from api.curation.references import check_references
from api.curation.revisions import IMPORT, Author, file_origin, new_run_id
from api.curation.search_index import sync_search_documents
from api.curation.seed import LoadReport, SeedData
from api.db import without_time_limit, write_transaction
from api.models import CITATION_TABLES, Contributor, CouncilSeat, Mandate, Resolution, Source, Vote
from api.models.enums import ContributorKind, ResolutionModality, SourceKind, VoteChoice
from api.research.dataset_version import read_dataset_version, refresh_dataset_version

__all__ = ["BATCH", "DATASET_URL", "ImportReport", "dataset_source", "import_voting_file"]

DATASET_URL = "https://digitallibrary.un.org/record/4055387"
PUBLISHER = "United Nations Dag Hammarskjöld Library (UN Digital Library)"
BATCH = 250

_resolution = Resolution.__table__  # type: ignore[attr-defined]
_vote = Vote.__table__  # type: ignore[attr-defined]
_mandate = Mandate.__table__  # type: ignore[attr-defined]
_contributor = Contributor.__table__  # type: ignore[attr-defined]
_source = Source.__table__  # type: ignore[attr-defined]
_seat = CouncilSeat.__table__  # type: ignore[attr-defined]
_cites = CITATION_TABLES["resolution"]

# Codes whose ms_name is not a name to title-case (the USSR's code is SUN in the file).
_NAMED = {"SUN": "USSR"}
_SMALL_WORDS = {"of", "the", "and", "for", "de", "da", "del", "du", "des", "la", "le", "et"}
_FILE_DATE = re.compile(r"^(\d{4})_(\d{1,2})_(\d{1,2})_sc_voting")


@dataclass
class ImportReport:
    """What an import did, for the command's output."""

    file: Path
    rows: int = 0
    resolutions: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    contributors: list[str] = field(default_factory=list)  # ids created
    council_years: list[int] = field(default_factory=list)  # years written
    without_votes: list[str] = field(default_factory=list)  # one line per resolution
    disagreements: list[str] = field(default_factory=list)  # one line per resolution
    tables: LoadReport = field(default_factory=LoadReport)
    version_before: str | None = None
    version: str | None = None

    @property
    def changed(self) -> bool:
        return self.tables.changed

    def lines(self) -> list[str]:
        out = [
            f"{self.file}: {self.rows} rows, {self.resolutions} resolutions",
            f"resolutions: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.disagreements)} left as they are (the file disagrees)",
        ]
        if self.contributors:
            out.append(f"contributors created ({len(self.contributors)}): {', '.join(self.contributors)}")
        if self.council_years:
            out.append(f"Council membership recorded from the file for: {_years(self.council_years)}")
        out += [f"without per-member votes: {line}" for line in self.without_votes]
        out += [f"disagreement: {line}" for line in self.disagreements]
        if self.changed:
            out.append(self.tables.summary().replace("seed: ", "written: ", 1))
            out.append(f"dataset version: {self.version_before or '(none)'} -> {self.version}")
        else:
            out.append(f"nothing to change; dataset version {self.version_before}")
        return out


def import_voting_file(
    engine: Engine,
    path: Path,
    *,
    progress: Callable[[str, int], Callable[[int], None]] | None = None,
) -> ImportReport:
    """Check the file at ``path`` whole, then write it in one transaction (see the module).
    ``progress(label, total)`` gives a function told of each step done (bytes read, then
    resolutions written); None shows nothing."""
    ticker = progress or (lambda _label, _total: lambda _n: None)
    voting = read_voting_file(path, progress=ticker("reading", path.stat().st_size))
    report = ImportReport(file=path, rows=voting.rows, resolutions=len(voting.groups))
    # A bulk load from the command line: the statement time limit guards requests, not this.
    with write_transaction(engine) as conn, without_time_limit(conn):
        _Import(conn, voting, dataset_source(path), report).run(ticker("writing", len(voting.groups)))
    return report


def dataset_source(path: Path) -> SourceIn:
    """The source record of one file of the dataset. The Library names its files by their
    date (``2026_02_06_sc_voting.csv``); that date is the version's."""
    found = _FILE_DATE.match(path.name)
    published: dt.date | None = None
    if found is not None:
        try:
            published = dt.date(*(int(g) for g in found.groups()))
        except ValueError:
            published = None
    key = published.isoformat() if published else _slug(path.stem)[:80]
    note = (
        "The UN Digital Library's dataset of Security Council votes (one row per member and "
        f"adopted resolution), imported from its file {path.name}. Copyright United Nations; "
        "non-commercial use with attribution (the Digital Library's terms of use)."
    )
    if published is not None:
        note += " The date is the one in the file's name."
    return SourceIn(
        id=f"undl-sc-voting-{key}",
        title=f"Security Council Voting Data ({path.name})",
        publisher=PUBLISHER,
        url=DATASET_URL,
        published_on=published,
        kind=SourceKind.dataset,
        note=note,
    )


class _Import:
    def __init__(self, conn: Connection, voting: VotingFile, source: SourceIn, report: ImportReport) -> None:
        self.conn, self.voting, self.source, self.report = conn, voting, source, report
        origin = file_origin(voting.path.name, voting.path)
        self.author = Author(IMPORT, request_id=new_run_id(IMPORT), origin_of=lambda _key: origin)
        report.tables.run_id = self.author.request_id
        self.source_written = False
        known = conn.execute(sa.select(_source.c.id, _source.c.url, _source.c.kind)).all()
        self.source_ids = {row.id for row in known} | {source.id}
        # Sources that are files of this dataset: a record citing only these is the file's.
        self.dataset_sources = {
            row.id for row in known if row.url == DATASET_URL and row.kind == SourceKind.dataset
        } | {source.id}
        self.members: dict[str, str] = {}  # member code -> contributor id
        self.contributor_ids: set[str] = set()
        self.council: dict[int, frozenset[str]] = {}

    def run(self, tick: Callable[[int], None]) -> None:
        self.report.version_before = read_dataset_version(self.conn)
        self._contributors()
        self._council()
        groups = sorted(self.voting.groups.values(), key=lambda g: (g.resolution.year, g.resolution.number))
        for start in range(0, len(groups), BATCH):
            batch = groups[start : start + BATCH]
            self._resolutions(batch)
            tick(len(batch))
        if self.report.changed:
            self.report.version = refresh_dataset_version(self.conn)
        else:
            self.report.version = self.report.version_before

    # -- writing ----------------------------------------------------------------------

    def _write(self, data: SeedData) -> None:
        """Check ``data`` as every write is checked, write it, and bring its search
        documents up to date. The file's source is written before anything cites it."""
        if not self.source_written:
            self.source_written = True
            self._write(SeedData(sources=[self.source]))
        check_references(
            data,
            ids={
                "sources": self.source_ids,
                "contributors": self.contributor_ids,
                "missions": set(),
                "resolutions": set(),
                "mandates": set(),
            },
            council=self.council,
            resolutions={},
            fail=self._bug,
            place=lambda kind: f"/v1/{kind}",
        )
        batch = LoadReport()
        write_recorded(self.conn, data, batch, self.author)
        if batch.changed:
            sync_search_documents(self.conn, batch.changed_records())
        self.report.tables.absorb(batch)

    def _bug(self, kind: str, record: str, fld: str | None, message: str) -> Exception:
        return VotingFileError([f"{self.voting.path}: {kind} {record}: {fld}: {message}"])

    # -- contributors -----------------------------------------------------------------

    def _contributors(self) -> None:
        rows = self.conn.execute(
            sa.select(_contributor.c.id, _contributor.c.iso3).order_by(_contributor.c.id)
        )
        by_code: dict[str, str] = {}
        for row in rows:
            self.contributor_ids.add(row.id)
            if row.iso3 and row.iso3 not in by_code:
                by_code[row.iso3] = row.id
        created: list[ContributorIn] = []
        for code, (_day, upper) in sorted(self.voting.names.items()):
            if code in by_code:
                self.members[code] = by_code[code]
                continue
            name = _NAMED.get(code) or _title(upper)
            record = ContributorIn(
                id="pending", name=name, kind=ContributorKind.state, iso3=code, sources=[self.source.id]
            )
            record_id = new_id(self.conn, "contributors", record.model_copy(update={"name": _ascii(name)}))
            if record_id in self.contributor_ids:
                record_id = f"{record_id}-{code.lower()}"
            created.append(record.model_copy(update={"id": record_id}))
            self.contributor_ids.add(record_id)
            self.members[code] = record_id
        if created:
            self._write(SeedData(contributors=created))
            self.report.contributors = [c.id for c in created]

    # -- Council years ------------------------------------------------------------------

    def _council(self) -> None:
        recorded: dict[int, set[str]] = {}
        for row in self.conn.execute(sa.select(_seat.c.year, _seat.c.member)):
            recorded.setdefault(row.year, set()).add(row.member)
        self.council = {year: frozenset(members) for year, members in recorded.items()}
        by_year: dict[int, Counter[frozenset[str]]] = {}
        for group in self.voting.groups.values():
            members = frozenset(self.members[code] for code, _v, _l in group.members)
            by_year.setdefault(group.resolution.year, Counter())[members] += 1
        written: list[CouncilYearIn] = []
        for year, sets in sorted(by_year.items()):
            if year in self.council:
                continue  # recorded by a curator or an earlier import: kept
            members, _n = max(sets.items(), key=lambda item: (item[1], sorted(item[0])))
            if len(members) != (11 if year < FIRST_YEAR_OF_FIFTEEN else 15):
                continue  # no Council of the right size: its resolutions come without votes
            written.append(CouncilYearIn(year=year, members=sorted(members), sources=[self.source.id]))
            self.council[year] = members
        if written:
            self._write(SeedData(council=written))
            self.report.council_years = [y.year for y in written]

    # -- resolutions ------------------------------------------------------------------

    def _resolutions(self, batch: list[Group]) -> None:
        stored = self._stored([g.resolution.symbol for g in batch])
        mandated = self._mandated([r.id for r in stored.values()])
        writes: list[ResolutionIn] = []
        for group in batch:
            ours = stored.get(group.resolution.symbol)
            theirs = self._from_file(group, ours)
            if ours is None:
                writes.append(theirs)
                self.report.created += 1
                continue
            if set(ours.sources) <= self.dataset_sources:
                outcome = followed(ours, theirs, mandated=ours.id in mandated)
            else:
                outcome = filled(ours, theirs, source=self.source.id)
            if outcome.record is not None:
                writes.append(outcome.record)
                self.report.updated += 1
            elif outcome.disagreement is not None:
                self.report.disagreements.append(outcome.disagreement)
            else:
                self.report.unchanged += 1
        if writes:
            self._write(SeedData(resolutions=writes))

    def _from_file(self, group: Group, ours: ResolutionIn | None) -> ResolutionIn:
        """The resolution as the file gives it (under our id, with our penholders)."""
        r = group.resolution
        voted = r.modality == ResolutionModality.voted
        votes = self._votes(group) if voted else None
        tally: tuple[int | None, ...] = r.totals if voted else (None,) * 4
        return ResolutionIn.model_validate(
            {
                "id": ours.id if ours is not None else r.id,
                "symbol": r.symbol,
                "adopted_on": r.adopted_on,
                "meeting": r.meeting,
                "draft": r.draft,
                "agenda": r.agenda,
                "subjects": list(r.subjects),
                "modality": r.modality,
                # Adopted without a vote: no tally, whichever way the file marks its rows.
                **dict(zip(TALLY, tally, strict=True)),
                "penholders": list(ours.penholders) if ours is not None else [],
                "undl_record": r.undl_record,
                "votes": votes,
                "sources": [self.source.id],
            }
        )

    def _votes(self, group: Group) -> VotesIn | None:
        """Per-member votes, when they name exactly the year's Council; else None and a
        line in the report."""
        r = group.resolution
        by_member = {self.members[code]: vote for code, vote, _line in group.members}
        council = self.council.get(r.year)
        if council is not None and set(by_member) == council:
            grouped: dict[str, list[str]] = {choice.value: [] for choice in VoteChoice}
            for member, vote in sorted(by_member.items()):
                grouped[vote.value].append(member)
            return VotesIn(**grouped)
        if council is None:
            size = 11 if r.year < FIRST_YEAR_OF_FIFTEEN else 15
            why = f"no {r.year} Council is recorded, and the file's members do not form one of {size}"
        else:
            extra, missing = sorted(set(by_member) - council), sorted(council - set(by_member))
            why = f"its members differ from the {r.year} Council: it lists {extra} and not {missing}"
        self.report.without_votes.append(f"{r.symbol}: {why}")
        return None

    # -- what is stored -----------------------------------------------------------------

    def _stored(self, symbols: list[str]) -> dict[str, ResolutionIn]:
        """The stored resolutions with these symbols, as records (with votes and sources)."""
        rows = self.conn.execute(sa.select(_resolution).where(_resolution.c.symbol.in_(symbols))).all()
        ids = [row.id for row in rows]
        sources: dict[str, list[str]] = {}
        for row in self.conn.execute(
            sa.select(_cites.c.record_id, _cites.c.source_id)
            .where(_cites.c.record_id.in_(ids))
            .order_by(_cites.c.record_id, _cites.c.position)
        ):
            sources.setdefault(row.record_id, []).append(row.source_id)
        votes: dict[str, dict[str, list[str]]] = {}
        for row in self.conn.execute(
            sa.select(_vote.c.resolution, _vote.c.member, _vote.c.vote)
            .where(_vote.c.resolution.in_(ids))
            .order_by(_vote.c.resolution, _vote.c.member)
        ):
            votes.setdefault(row.resolution, {c.value: [] for c in VoteChoice})[row.vote.value].append(
                row.member
            )
        out: dict[str, ResolutionIn] = {}
        fields = set(ResolutionIn.model_fields) - {"votes", "sources"}
        for row in rows:
            values = {k: v for k, v in row._mapping.items() if k in fields}
            found = votes.get(row.id)
            out[row.symbol] = ResolutionIn.model_validate(
                {**values, "votes": VotesIn(**found) if found else None, "sources": sources.get(row.id, [])}
            )
        return out

    def _mandated(self, ids: list[str]) -> set[str]:
        query = sa.select(_mandate.c.resolution).where(_mandate.c.resolution.in_(ids)).distinct()
        return {r for r in self.conn.execute(query).scalars() if r is not None}


def _years(years: Iterable[int]) -> str:
    """1946-1950, 1952"""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and runs[-1][1] == year - 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _ascii(text).lower()).strip("-") or "file"


def _title(upper: str) -> str:
    """``UNITED REPUBLIC OF TANZANIA`` -> ``United Republic of Tanzania``;
    ``CÔTE D'IVOIRE`` -> ``Côte d'Ivoire``; ``GUINEA-BISSAU`` -> ``Guinea-Bissau``."""
    words = []
    for i, word in enumerate(upper.lower().split()):
        if i and word.strip("(),") in _SMALL_WORDS:
            words.append(word)
        elif i and re.match(r"^[dl]'\w", word):
            words.append(word[:2] + _capitalized(word[2:]))
        else:
            words.append(_capitalized(word))
    return " ".join(words)


def _capitalized(word: str) -> str:
    """Each part of a word upper-cased first: ``guinea-bissau`` -> ``Guinea-Bissau``."""
    return re.sub(r"(^|[-(/])(\w)", lambda m: m.group(1) + m.group(2).upper(), word)
