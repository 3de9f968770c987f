"""Reads the UN Digital Library's "Security Council Voting Data" CSV and checks every row
before anything is written (``api.curation.importers.undl`` writes what this returns).

The file (https://digitallibrary.un.org/record/4055387) has one row per Council member
per adopted resolution. Columns are found by their header name, so their order and any
extra column do not matter (the published files already differ: ``modality`` sits between
``total_ms`` and ``undl_link``). Rows are not in any order: they are grouped by the
resolution's symbol here. What a row says of its resolution (date, meeting, tally, ...)
must be what every other row of that resolution says.

Memory: a row is not kept. Each resolution keeps one ``FileResolution`` and, per member,
a (code, vote, line) triple; a member's name is kept once per member code. For the whole
file (about 41,000 rows, 2,800 resolutions) that is a few megabytes.

Every problem is one line, ``FILE:LINE: column NAME: what is wrong``, and all of them
(up to ``MAX_PROBLEMS``) are collected before ``VotingFileError`` is raised, so a
curator fixes a file in one go.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from api.errors import PeaceopsError
from api.models.enums import ResolutionModality, VoteChoice

__all__ = [
    "MAX_PROBLEMS",
    "REQUIRED_COLUMNS",
    "FileResolution",
    "Group",
    "VotingFile",
    "VotingFileError",
    "read_voting_file",
]

# The columns the import needs; the file's others (undl_id, permanent_member, draft,
# description, agenda, subjects, vote_note, undl_link) are read when present.
REQUIRED_COLUMNS = (
    "resolution",
    "date",
    "meeting",
    "ms_code",
    "ms_name",
    "ms_vote",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "modality",
)
MAX_PROBLEMS = 25

# Y, N, A, X (non-voting: present and not voting, or absent) as the data dictionary has them.
VOTE_CODES = {"Y": VoteChoice.yes, "N": VoteChoice.no, "A": VoteChoice.abstain, "X": VoteChoice.absent}
_TALLY_COLUMNS = ("total_yes", "total_no", "total_abstentions", "total_non_voting")
_MODALITY = {"vote": ResolutionModality.voted, "without vote": ResolutionModality.without_vote}

_SYMBOL = re.compile(r"^S/RES/(\d+)\s*\((\d{4})\)$")
_MEETING = re.compile(r"^S/PV\.(\d+)(?:\s*\(.*\))?$")  # S/PV.2977 (Part II) is meeting 2977
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^[A-Z]{3}$")
_COUNT = re.compile(r"^\d+(?:\.0+)?$")  # 15, or 15.0 as some exports write it
_RECORD = re.compile(r"^https?://digitallibrary\.un\.org/record/\d+(?:[/?#]\S*)?$")
_BOOLEAN = {"true", "false"}


class VotingFileError(PeaceopsError):
    """The file cannot be imported; ``problems`` holds one line per problem."""

    title = "Voting data file refused"
    slug = "voting-file"

    def __init__(self, problems: list[str], more: int = 0) -> None:
        self.problems = problems
        self.more = more
        shown = len(problems) + more
        super().__init__(f"{shown} problem{'s' if shown != 1 else ''}; nothing was written")


@dataclass(frozen=True, slots=True)
class FileResolution:
    """What the file says of one resolution (every one of its rows says the same)."""

    id: str  # s-res-2714-2023
    symbol: str  # S/RES/2714 (2023)
    number: int
    year: int
    adopted_on: dt.date
    meeting: int | None
    draft: str | None
    agenda: str | None
    subjects: tuple[str, ...]
    modality: ResolutionModality
    totals: tuple[int, int, int, int]  # yes, no, abstentions, non-voting
    total_ms: int
    undl_record: str | None


@dataclass(slots=True)
class Group:
    """One resolution of the file: its facts, its first line, and its members' votes."""

    resolution: FileResolution
    line: int
    raw: dict[str, str]  # the resolution-level cells of its first row, to compare others with
    members: list[tuple[str, VoteChoice, int]] = field(default_factory=list)  # code, vote, line


@dataclass
class VotingFile:
    """A checked file: its resolutions by id and the names its member codes carry."""

    path: Path
    rows: int
    groups: dict[str, Group]
    # member code -> (date, name) of the latest row naming it: the name at its latest vote
    names: dict[str, tuple[dt.date, str]]


# The cells every row of one resolution must agree on.
_RESOLUTION_LEVEL = (
    "date",
    "meeting",
    "draft",
    "agenda",
    "subjects",
    "modality",
    *_TALLY_COLUMNS,
    "total_ms",
    "undl_link",
)


class _Problems:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[str] = []
        self.more = 0

    def add(self, line: int, column: str, message: str) -> None:
        if len(self.lines) < MAX_PROBLEMS:
            self.lines.append(f"{self.path}:{line}: column {column}: {message}")
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.lines)

    def raise_if_any(self) -> None:
        if self.lines:
            raise VotingFileError(self.lines, self.more)


class _Counting(io.RawIOBase):
    """A binary file that counts the bytes read through it (for the progress bar)."""

    def __init__(self, raw: IO[bytes], seen: Callable[[int], None]) -> None:
        self.raw, self.seen = raw, seen

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        self.seen(n or 0)
        return int(n or 0)


def read_voting_file(path: Path, *, progress: Callable[[int], None] | None = None) -> VotingFile:
    """Read and check the whole file; raise ``VotingFileError`` listing its problems.
    ``progress(n)`` is told of every ``n`` bytes read."""
    problems = _Problems(path)
    groups: dict[str, Group] = {}
    names: dict[str, tuple[dt.date, str]] = {}
    rows = 0
    try:
        with path.open("rb") as binary:
            counted = io.BufferedReader(_Counting(binary, progress or (lambda _n: None)))
            text = io.TextIOWrapper(counted, encoding="utf-8-sig", newline="")
            for line, row in _rows(text, path, problems):
                rows += 1
                _read_row(row, line, groups, names, problems)
    except UnicodeDecodeError as exc:
        problems.add(rows + 2, "-", f"is not UTF-8 text ({exc.reason})")
    except OSError as exc:
        raise VotingFileError([f"{path}: cannot be read: {exc.strerror or exc}"]) from None
    problems.raise_if_any()
    if not groups:
        raise VotingFileError([f"{path}:2: column -: the file has no rows"])
    for group in groups.values():
        _check_group(group, problems)
    problems.raise_if_any()
    return VotingFile(path=path, rows=rows, groups=groups, names=names)


def _rows(text: IO[str], path: Path, problems: _Problems) -> Iterator[tuple[int, dict[str, str]]]:
    """The data rows, by column name, each with the line it starts on."""
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raise VotingFileError([f"{path}:1: column -: the file is empty"]) from None
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    for column in missing:
        problems.add(1, column, "is missing from the header (columns are found by name)")
    twice = sorted({h for h in header if h and header.count(h) > 1})
    for column in twice:
        problems.add(1, column, "appears twice in the header")
    problems.raise_if_any()
    index = {name: i for i, name in enumerate(header) if name}
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if len(cells) != len(header):
            problems.add(line, "-", f"has {len(cells)} cells, the header {len(header)}")
            continue
        yield line, {name: cells[i].strip() for name, i in index.items()}


def _read_row(
    row: dict[str, str],
    line: int,
    groups: dict[str, Group],
    names: dict[str, tuple[dt.date, str]],
    problems: _Problems,
) -> None:
    before = len(problems.lines) + problems.more

    def bad(column: str, message: str) -> None:
        problems.add(line, column, message)

    symbol = _SYMBOL.match(row["resolution"])
    if symbol is None:
        bad("resolution", f"{row['resolution']!r} is not a resolution symbol like S/RES/2714(2023)")
    adopted_on = _date(row["date"])
    if adopted_on is None:
        bad("date", f"{row['date']!r} is not a date written YYYY-MM-DD")
    code, vote = row["ms_code"], VOTE_CODES.get(row["ms_vote"])
    if not _CODE.match(code):
        bad("ms_code", f"{code!r} is not a three-letter member code (ISO 3166-1 alpha-3)")
    if not row["ms_name"]:
        bad("ms_name", "is empty")
    if vote is None:
        bad("ms_vote", f"{row['ms_vote']!r} is not a vote code (Y, N, A or X)")
    permanent = row.get("permanent_member", "")
    if permanent and permanent.lower() not in _BOOLEAN:
        bad("permanent_member", f"{permanent!r} is not True or False")
    if len(problems.lines) + problems.more > before or symbol is None or adopted_on is None or vote is None:
        _check_resolution_cells(row, bad)
        return
    number, year = int(symbol.group(1)), int(symbol.group(2))
    resolution_id = f"s-res-{number}-{year}"
    group = groups.get(resolution_id)
    if group is None:
        resolution = _resolution(row, number, year, adopted_on, bad)
        if resolution is None:
            return
        raw = {c: row.get(c, "") for c in _RESOLUTION_LEVEL}
        group = groups[resolution_id] = Group(resolution=resolution, line=line, raw=raw)
    else:
        for column in _RESOLUTION_LEVEL:
            if row.get(column, "") != group.raw[column]:
                counted = len(problems.lines) + problems.more
                _check_resolution_cells(row, bad)  # a malformed cell is named as such
                if len(problems.lines) + problems.more > counted:
                    return
                bad(
                    column,
                    f"{row.get(column, '')!r} differs from {group.raw[column]!r} on line {group.line}, "
                    f"the first row of {group.resolution.symbol}",
                )
                return
    group.members.append((code, vote, line))
    seen = names.get(code)
    if seen is None or (adopted_on, row["ms_name"]) > seen:
        names[code] = (adopted_on, row["ms_name"])


def _check_resolution_cells(row: dict[str, str], bad: Callable[[str, str], None]) -> None:
    """On a row that already has a problem, the resolution-level cells are still checked,
    so that every problem of the file is reported at once."""
    _resolution(row, 0, 0, dt.date.min, bad)


def _resolution(
    row: dict[str, str], number: int, year: int, adopted_on: dt.date, bad: Callable[[str, str], None]
) -> FileResolution | None:
    ok = True
    meeting: int | None = None
    if row["meeting"]:
        found = _MEETING.match(row["meeting"])
        if found is None:
            bad("meeting", f"{row['meeting']!r} is not a meeting symbol like S/PV.9491")
            ok = False
        else:
            meeting = int(found.group(1))
    counts: list[int] = []
    for column in (*_TALLY_COLUMNS, "total_ms"):
        raw = row[column]
        if not _COUNT.match(raw):
            bad(column, f"{raw!r} is not a whole number")
            ok = False
        else:
            counts.append(int(float(raw)))
    modality = _MODALITY.get(row["modality"].lower())
    if modality is None:
        bad("modality", f"{row['modality']!r} is not 'Vote' or 'Without Vote'")
        ok = False
    link = row.get("undl_link", "") or None
    if link is not None and not _RECORD.match(link):
        bad(
            "undl_link",
            f"{link!r} is not a Digital Library record URL (https://digitallibrary.un.org/record/N)",
        )
        ok = False
    drafts = _items(row.get("draft", ""))
    draft = "; ".join(drafts) or None
    if draft is not None and len(draft) > 40:
        bad("draft", f"{draft!r} is longer than 40 characters")
        ok = False
    if not ok or modality is None:
        return None
    agenda = "; ".join(item.removesuffix(".") for item in _items(row.get("agenda", ""))) or None
    return FileResolution(
        id=f"s-res-{number}-{year}",
        symbol=f"S/RES/{number} ({year})",
        number=number,
        year=year,
        adopted_on=adopted_on,
        meeting=meeting,
        draft=draft,
        agenda=agenda,
        subjects=tuple(_items(row.get("subjects", ""))),
        modality=modality,
        totals=(counts[0], counts[1], counts[2], counts[3]),
        total_ms=counts[4],
        undl_record=link,
    )


def _items(cell: str) -> list[str]:
    """A cell's ``|``-separated items (agenda items, subjects, drafts)."""
    return [item.strip() for item in cell.split("|") if item.strip()]


def _date(raw: str) -> dt.date | None:
    if not _DATE.match(raw):
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def _check_group(group: Group, problems: _Problems) -> None:
    """A resolution's rows: one per member, as many as ``total_ms``, and the votes add
    up to the file's own tally."""
    r = group.resolution
    first_line: dict[str, int] = {}
    for code, _vote, line in group.members:
        if code in first_line:
            problems.add(
                line, "ms_code", f"{code} votes twice on {r.symbol} (also on line {first_line[code]})"
            )
        else:
            first_line[code] = line
    if len(group.members) != r.total_ms:
        problems.add(
            group.line,
            "total_ms",
            f"{r.symbol} has {len(group.members)} member rows, but total_ms says {r.total_ms}",
        )
    counted = [sum(1 for _c, v, _l in group.members if v == choice) for choice in VoteChoice]
    for column, code, stated, n in zip(_TALLY_COLUMNS, VOTE_CODES, r.totals, counted, strict=True):
        if stated != n:
            problems.add(
                group.line,
                column,
                f"{r.symbol} has {n} member rows voting {code}, but {column} says {stated}",
            )
