"""Validates the seed files and loads them, idempotently, in one transaction.

``read_seed`` parses and checks everything (schemas, duplicate ids, references, votes
against the Council's membership) and raises ``SeedError`` naming the file, the record
and the field. ``load_seed`` writes only after that, in a single transaction: it inserts
new records, updates changed ones and leaves equal ones alone, so loading twice writes
nothing. It never deletes a record; removing one is a curation act. Every record it
inserts or changes gets a revision of the seed's (with its file and content hash), and it
refuses, writing nothing, to revert a record written since the last seed load (an API
write, an import, a delete) unless told to overwrite (``api.curation.recorded``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from sqlalchemy.engine import Engine

from api.curation.recorded import Guard, SeedConflicts, write_recorded
from api.curation.records import (
    RECORD_SCHEMAS,
    ContributorIn,
    CouncilYearIn,
    EventIn,
    MandateIn,
    MissionIn,
    ObservationIn,
    ResolutionIn,
    SourceIn,
)
from api.curation.references import check_references, ids_in, resolution_facts
from api.curation.revisions import SEED, Author, Key, file_origin, git_commit, new_run_id
from api.curation.rules import check_curation_rules
from api.curation.search_index import sync_search_documents
from api.db import write_transaction
from api.errors import SeedError
from api.query.sql.stored_version import note_write
from api.research.dataset_version import refresh_dataset_version

__all__ = ["SEED_FILES", "LoadReport", "SeedData", "load_seed", "read_seed"]

SEED_FILES = tuple(RECORD_SCHEMAS)  # sources, contributors, council, missions, ...


@dataclass
class SeedData:
    """The validated content of a seed folder."""

    sources: list[SourceIn] = field(default_factory=list)
    contributors: list[ContributorIn] = field(default_factory=list)
    council: list[CouncilYearIn] = field(default_factory=list)
    missions: list[MissionIn] = field(default_factory=list)
    resolutions: list[ResolutionIn] = field(default_factory=list)
    mandates: list[MandateIn] = field(default_factory=list)
    observations: list[ObservationIn] = field(default_factory=list)
    events: list[EventIn] = field(default_factory=list)
    # (kind, record id) -> the file that holds it, relative to the seed folder
    files: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def single(cls, kind: str, record: Any) -> SeedData:
        """Data holding one record of one kind (``missions``, ...): a write's batch."""
        data = cls()
        getattr(data, kind).append(record)
        return data


@dataclass
class LoadReport:
    """Rows written per table: ``{table: {"inserted": n, "updated": n, "deleted": n}}``."""

    tables: dict[str, Counter[str]] = field(default_factory=dict)
    # ids of existing versioned records whose row or children changed, by table
    touched: dict[str, set[str]] = field(default_factory=dict)
    # ids of inserted versioned records, by table
    inserted_ids: dict[str, set[str]] = field(default_factory=dict)
    revisions: int = 0  # revisions recorded
    run_id: str | None = None  # the id every revision of the run carries

    def count(self, table: str, what: str, n: int = 1) -> None:
        self.tables.setdefault(table, Counter())[what] += n

    def absorb(self, other: LoadReport) -> None:
        """Add what ``other`` wrote to this report."""
        for table, counts in other.tables.items():
            for what, n in counts.items():
                self.count(table, what, n)
        self.revisions += other.revisions
        for mine, theirs in ((self.touched, other.touched), (self.inserted_ids, other.inserted_ids)):
            for table, ids in theirs.items():
                mine.setdefault(table, set()).update(ids)

    @property
    def changed(self) -> bool:
        return any(sum(c.values()) for c in self.tables.values())

    def changed_records(self) -> dict[str, set[str]]:
        """Inserted or changed record ids, by table."""
        out: dict[str, set[str]] = {}
        for source in (self.touched, self.inserted_ids):
            for table, ids in source.items():
                out.setdefault(table, set()).update(ids)
        return out

    def summary(self) -> str:
        parts = []
        for table, counts in sorted(self.tables.items()):
            done = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()) if n)
            if done:
                parts.append(f"{table}: {done}")
        text = "seed: " + ("; ".join(parts) if self.changed else "nothing to change")
        if self.revisions:
            text += f"; {self.revisions} revision{'s' if self.revisions != 1 else ''} recorded"
        return text + (f" (run {self.run_id})" if self.run_id and self.revisions else "")


def load_seed(engine: Engine, path: Path, *, overwrite: bool = False) -> LoadReport:
    """Validate the seed folder at ``path`` and write it in one transaction, with a
    revision for every record it inserts, changes or adopts (``api.curation.recorded``).
    A load that would revert a write made since the last seed load raises
    ``SeedConflicts`` and writes nothing, unless ``overwrite``."""
    data = read_seed(path)
    commit = git_commit(path)
    origins = {label: file_origin(label, path / label, commit) for label in set(data.files.values())}

    def origin_of(key: Key) -> str | None:
        label = data.files.get(key)
        return origins.get(label) if label is not None else None

    author = Author(SEED, request_id=new_run_id(SEED), origin_of=origin_of)
    report = LoadReport(run_id=author.request_id)
    guard = Guard.overwrite if overwrite else Guard.refuse
    with write_transaction(engine) as conn:
        try:
            write_recorded(conn, data, report, author, guard=guard, adopt=True)
        except SeedConflicts as exc:
            exc.where = {key: data.files[key] for key in data.files}
            raise
        if report.changed:
            report.count("search_document", "synced", sync_search_documents(conn))
        if report.changed or report.revisions:
            note_write(conn)  # revisions alone change what history and as_recorded answer
        refresh_dataset_version(conn)
    return report


def read_seed(path: Path) -> SeedData:
    """Parse and validate every seed file under ``path`` (and its sub-folders, one level:
    collections such as ``un-peacekeeping/``); raise ``SeedError`` on the first problem."""
    if not path.is_dir():
        raise SeedError(file=str(path), record=None, field=None, message="is not a folder")
    files = _seed_files(path)
    data = SeedData()
    where: dict[tuple[str, str], str] = {}  # (kind, record) -> the file that holds it
    for name, schema in RECORD_SCHEMAS.items():
        records: list[Any] = []
        for file in files.get(name, []):
            label = file.relative_to(path).as_posix()
            for record in _read_file(file, label, schema):
                key = str(getattr(record, "id", None) or getattr(record, "year", None))
                if (name, key) in where:
                    raise SeedError(
                        file=label,
                        record=key,
                        field="id",
                        message=f"duplicate id (also in {where[name, key]})",
                    )
                where[name, key] = label
                records.append(record)
        setattr(data, name, records)
    data.files = dict(where)

    def fail(kind: str, record: str, field: str | None, message: str) -> Exception:
        return SeedError(
            file=where.get((kind, record), f"{kind}.yaml"), record=record, field=field, message=message
        )

    council = {year.year: set(year.members) for year in data.council}
    check_references(
        data,
        ids=ids_in(data),
        council=council,
        resolutions=resolution_facts(data),
        fail=fail,
        place=_seed_place,
    )
    for year in data.council:
        if len(set(year.members)) != len(year.members):
            raise fail("council", str(year.year), "members", "names a member twice")
    symbols: dict[str, str] = {}
    for resolution in data.resolutions:
        if (holder := symbols.setdefault(resolution.symbol, resolution.id)) != resolution.id:
            message = f"{resolution.symbol!r} is resolution {holder!r}"
            raise fail("resolutions", resolution.id, "symbol", message)
    check_curation_rules(data, fail=fail)
    return data


def _seed_files(path: Path) -> dict[str, list[Path]]:
    """The seed files of each kind: ``KIND.yaml`` in the folder and in each sub-folder."""
    known = set(SEED_FILES)
    found: dict[str, list[Path]] = {}
    folders = [path, *sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))]
    for folder in folders:
        for file in sorted(folder.glob("*.y*ml")):
            kind = file.name.rsplit(".", 1)[0]
            if kind not in known:
                raise SeedError(
                    file=file.relative_to(path).as_posix(),
                    record=None,
                    field=None,
                    message="unknown seed file; expected one of "
                    + ", ".join(f + ".yaml" for f in SEED_FILES),
                )
            found.setdefault(kind, []).append(file)
    return found


def _read_file(file: Path, label: str, schema: type[BaseModel]) -> list[Any]:
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedError(file=label, record=None, field=None, message=f"cannot be read: {exc}") from None
    except yaml.YAMLError as exc:
        raise SeedError(file=label, record=None, field=None, message=f"is not valid YAML: {exc}") from None
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise SeedError(file=label, record=None, field=None, message="must hold a list of records")
    records: list[Any] = []
    for index, item in enumerate(raw):
        record_label = _label(item, index)
        if not isinstance(item, dict):
            raise SeedError(file=label, record=record_label, field=None, message="must be a mapping")
        try:
            record = schema.model_validate(item)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or None
            raise SeedError(file=label, record=record_label, field=where, message=first["msg"]) from None
        records.append(record)
    return records


def _label(item: object, index: int) -> str:
    if isinstance(item, dict):
        for key in ("id", "year"):
            if item.get(key) is not None:
                return str(item[key])
    return f"#{index + 1}"


def _seed_place(kind: str) -> str:
    return f"the seed's {kind}.yaml files"
