"""Validates the seed files and loads them, idempotently, in one transaction.

``read_seed`` parses and checks everything (schemas, duplicate ids, references, votes
against the Council's membership) and raises ``SeedError`` naming the file, the record
and the field. ``load_seed`` writes only after that, in a single transaction: it inserts
new records, updates changed ones and leaves equal ones alone, so loading twice writes
nothing. It never deletes a record; removing one is a curation act.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from sqlalchemy.engine import Engine

from api.errors import SeedError
from api.models.enums import VoteChoice
from api.query.version import refresh_dataset_version
from api.records import (
    RECORD_SCHEMAS,
    ContributorIn,
    CouncilYearIn,
    EventIn,
    MandateIn,
    MissionIn,
    ObservationIn,
    SourceIn,
)
from api.search_index import sync_search_documents
from api.seed_writer import write_seed

__all__ = ["SEED_FILES", "LoadReport", "SeedData", "load_seed", "read_seed"]

SEED_FILES = tuple(RECORD_SCHEMAS)  # sources, contributors, council, missions, ...


@dataclass
class SeedData:
    """The validated content of a seed folder."""

    sources: list[SourceIn] = field(default_factory=list)
    contributors: list[ContributorIn] = field(default_factory=list)
    council: list[CouncilYearIn] = field(default_factory=list)
    missions: list[MissionIn] = field(default_factory=list)
    mandates: list[MandateIn] = field(default_factory=list)
    observations: list[ObservationIn] = field(default_factory=list)
    events: list[EventIn] = field(default_factory=list)


@dataclass
class LoadReport:
    """Rows written per table: ``{table: {"inserted": n, "updated": n, "deleted": n}}``."""

    tables: dict[str, Counter[str]] = field(default_factory=dict)

    def count(self, table: str, what: str, n: int = 1) -> None:
        self.tables.setdefault(table, Counter())[what] += n

    @property
    def changed(self) -> bool:
        return any(sum(c.values()) for c in self.tables.values())

    def summary(self) -> str:
        if not self.changed:
            return "seed: nothing to change"
        parts = []
        for table, counts in sorted(self.tables.items()):
            done = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()) if n)
            if done:
                parts.append(f"{table}: {done}")
        return "seed: " + "; ".join(parts)


def load_seed(engine: Engine, path: Path) -> LoadReport:
    """Validate the seed folder at ``path`` and write it in one transaction."""
    data = read_seed(path)
    report = LoadReport()
    with engine.begin() as conn:
        write_seed(conn, data, report)
        if report.changed:
            report.count("search_document", "synced", sync_search_documents(conn))
        refresh_dataset_version(conn)
    return report


def read_seed(path: Path) -> SeedData:
    """Parse and validate every seed file under ``path``; raise ``SeedError`` on the first
    problem found."""
    if not path.is_dir():
        raise SeedError(file=str(path), record=None, field=None, message="is not a folder")
    known = set(SEED_FILES)
    for extra in sorted(p.name for p in path.glob("*.y*ml")):
        if extra.rsplit(".", 1)[0] not in known:
            raise SeedError(
                file=extra,
                record=None,
                field=None,
                message=f"unknown seed file; expected one of {', '.join(f + '.yaml' for f in SEED_FILES)}",
            )
    data = SeedData()
    for name, schema in RECORD_SCHEMAS.items():
        setattr(data, name, _read_file(path, name, schema))
    _check_references(data)
    return data


def _read_file(folder: Path, name: str, schema: type[BaseModel]) -> list[Any]:
    file = folder / f"{name}.yaml"
    if not file.exists():
        return []
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedError(file=file.name, record=None, field=None, message=f"cannot be read: {exc}") from None
    except yaml.YAMLError as exc:
        raise SeedError(
            file=file.name, record=None, field=None, message=f"is not valid YAML: {exc}"
        ) from None
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise SeedError(file=file.name, record=None, field=None, message="must hold a list of records")
    records: list[Any] = []
    seen: set[object] = set()
    for index, item in enumerate(raw):
        label = _label(item, index)
        if not isinstance(item, dict):
            raise SeedError(file=file.name, record=label, field=None, message="must be a mapping")
        try:
            record = schema.model_validate(item)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or None
            raise SeedError(file=file.name, record=label, field=where, message=first["msg"]) from None
        key = getattr(record, "id", None) or getattr(record, "year", None)
        if key in seen:
            raise SeedError(file=file.name, record=label, field="id", message="duplicate id")
        seen.add(key)
        records.append(record)
    return records


def _label(item: object, index: int) -> str:
    if isinstance(item, dict):
        for key in ("id", "year"):
            if item.get(key) is not None:
                return str(item[key])
    return f"#{index + 1}"


class _Refs:
    """Checks that ids named by one file exist in another."""

    def __init__(self, data: SeedData) -> None:
        self.ids = {
            "sources": {r.id for r in data.sources},
            "contributors": {r.id for r in data.contributors},
            "missions": {r.id for r in data.missions},
            "mandates": {r.id for r in data.mandates},
        }

    def check(self, file: str, record: str, fld: str, value: str | None, kind: str) -> None:
        if value is not None and value not in self.ids[kind]:
            raise SeedError(
                file=f"{file}.yaml",
                record=record,
                field=fld,
                message=f"refers to {value!r}, which is not in {kind}.yaml",
            )

    def sources(self, file: str, record: str, sources: list[str]) -> None:
        for i, source in enumerate(sources):
            self.check(file, record, f"sources.{i}", source, "sources")


def _check_references(data: SeedData) -> None:
    refs = _Refs(data)
    for c in data.contributors:
        refs.sources("contributors", c.id, c.sources)
    council: dict[int, set[str]] = {}
    for year in data.council:
        label = str(year.year)
        refs.sources("council", label, year.sources)
        for i, member in enumerate(year.members):
            refs.check("council", label, f"members.{i}", member, "contributors")
        if len(set(year.members)) != len(year.members):
            raise SeedError(
                file="council.yaml", record=label, field="members", message="names a member twice"
            )
        council[year.year] = set(year.members)
    for m in data.missions:
        refs.sources("missions", m.id, m.sources)
        refs.check("missions", m.id, "lead", m.lead, "contributors")
        refs.check("missions", m.id, "predecessor", m.predecessor, "missions")
        refs.check("missions", m.id, "successor", m.successor, "missions")
    for md in data.mandates:
        refs.sources("mandates", md.id, md.sources)
        refs.check("mandates", md.id, "mission", md.mission, "missions")
        for i, p in enumerate(md.penholders):
            refs.check("mandates", md.id, f"penholders.{i}", p, "contributors")
        _check_votes(md, council, refs)
    for o in data.observations:
        refs.sources("observations", o.id, o.sources)
        refs.check("observations", o.id, "mission", o.mission, "missions")
        refs.check("observations", o.id, "contributor", o.contributor, "contributors")
    for e in data.events:
        refs.sources("events", e.id, e.sources)
        refs.check("events", e.id, "mission", e.mission, "missions")
        refs.check("events", e.id, "mandate", e.mandate, "mandates")
        for i, actor in enumerate(e.actors):
            refs.check("events", e.id, f"actors.{i}.contributor", actor.contributor, "contributors")


def _check_votes(md: MandateIn, council: dict[int, set[str]], refs: _Refs) -> None:
    if md.votes is None:
        return

    def fail(fld: str, message: str) -> SeedError:
        return SeedError(file="mandates.yaml", record=md.id, field=fld, message=message)

    listed = [m for choice in VoteChoice for m in getattr(md.votes, choice.value)]
    for member in listed:
        refs.check("mandates", md.id, "votes", member, "contributors")
    if len(set(listed)) != len(listed):
        raise fail("votes", "names a member more than once")
    year = md.adopted_on.year
    if year not in council:
        raise fail("votes", f"council.yaml has no membership for {year}, so votes cannot be checked")
    members = council[year]
    if set(listed) != members:
        missing = sorted(members - set(listed))
        extra = sorted(set(listed) - members)
        raise fail("votes", f"must list the {year} Council exactly; missing {missing}, not members {extra}")
    tally = {
        "votes_for": len(md.votes.yes),
        "votes_against": len(md.votes.no),
        "abstentions": len(md.votes.abstain),
    }
    for fld, n in tally.items():
        stated = getattr(md, fld)
        if stated is not None and stated != n:
            raise fail(fld, f"says {stated} but the per-member votes give {n}")
