"""Writes validated records: the one write path of the seed loader and the curation API.

It upserts records and replaces changed child rows (citations, votes, actors, Council
seats), and keeps each mandate's copies of its resolution's tally, meeting and
penholders (``RESOLUTION_COPIES``) equal to the resolution's. A record whose columns
and children equal what is stored is not touched, so a second load writes nothing.
Every record whose row or children changed gets its ``version`` raised by one and
``updated_at`` set (unless the caller already raised it); inserted records get their
timestamps. Mission predecessor/successor links point both
ways, so they are set after all missions exist. It reads only the rows it writes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from api.models import (
    CHILD_PARENT,
    CITATION_TABLES,
    RESOLUTION_COPIES,
    Contributor,
    CouncilSeat,
    Event,
    EventActor,
    Mandate,
    Mission,
    Observation,
    Resolution,
    Source,
    Vote,
)

if TYPE_CHECKING:
    from api.curation.seed import LoadReport, SeedData

__all__ = ["write_seed"]

_CHILD_FIELDS = {"sources", "votes", "actors"}
_CHUNK = 500


def _table(model: type[SQLModel]) -> sa.Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def write_seed(
    conn: Connection, data: SeedData, report: LoadReport, *, raised: tuple[str, str] | None = None
) -> None:
    """Write ``data``; ``report`` counts rows and collects the ids of changed records.
    ``raised`` names a record (table, id) whose version the caller has already raised."""
    _sync_rows(conn, _table(Source), [_row(s) for s in data.sources], report)
    _sync_rows(conn, _table(Contributor), [_row(c) for c in data.contributors], report)
    _sync_citations(conn, "contributor", data.contributors, report)
    seats = [(y.year, member, y.sources[0]) for y in data.council for member in y.members]
    _sync_children(
        conn,
        _table(CouncilSeat),
        ("year", "member", "source"),
        ("year",),
        _group(seats, parents=[(y.year,) for y in data.council]),
        report,
    )
    links = ("predecessor", "successor")
    missions = [_row(m) for m in data.missions]
    _sync_rows(conn, _table(Mission), [{**m, **dict.fromkeys(links)} for m in missions], report, keep=links)
    _sync_rows(conn, _table(Mission), [{k: m[k] for k in ("id", *links)} for m in missions], report)
    _sync_citations(conn, "mission", data.missions, report)
    _sync_rows(conn, _table(Resolution), [_row(r) for r in data.resolutions], report)
    _sync_citations(conn, "resolution", data.resolutions, report)
    votes = [
        (r.id, member, choice)
        for r in data.resolutions
        if r.votes is not None
        for member, choice in r.votes.by_member().items()
    ]
    _sync_children(
        conn,
        _table(Vote),
        ("resolution", "member", "vote"),
        ("resolution",),
        _group(votes, parents=[(r.id,) for r in data.resolutions]),
        report,
    )
    copies = _resolution_copies(conn, {m.resolution for m in data.mandates if m.resolution is not None})
    mandates = [{**_row(m), **copies.get(m.resolution or "", _NO_COPIES)} for m in data.mandates]
    _sync_rows(conn, _table(Mandate), mandates, report)
    _sync_citations(conn, "mandate", data.mandates, report)
    _refresh_copies(conn, data, report)
    _sync_rows(conn, _table(Observation), [_row(o) for o in data.observations], report)
    _sync_citations(conn, "observation", data.observations, report)
    _sync_rows(conn, _table(Event), [_row(e) for e in data.events], report)
    _sync_citations(conn, "event", data.events, report)
    actors = [(e.id, a.contributor, a.role, a.stance) for e in data.events for a in e.actors]
    _sync_children(
        conn,
        _table(EventActor),
        ("event", "contributor", "role", "stance"),
        ("event",),
        _group(actors, parents=[(e.id,) for e in data.events]),
        report,
    )
    _bump_versions(conn, report, raised)


_NO_COPIES: dict[str, Any] = {**dict.fromkeys(RESOLUTION_COPIES), "penholders": []}


def _resolution_copies(conn: Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """What the mandates naming each of these resolutions copy from it, as stored now."""
    table = _table(Resolution)
    out: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(ids)):
        select = sa.select(table.c.id, *(table.c[c] for c in RESOLUTION_COPIES)).where(table.c.id.in_(chunk))
        for row in conn.execute(select):
            out[row.id] = {c: row._mapping[c] for c in RESOLUTION_COPIES}
    return out


def _refresh_copies(conn: Connection, data: SeedData, report: LoadReport) -> None:
    """The stored mandates, not in ``data``, whose resolution this write changed: their
    copies follow it (and their versions rise, as their records changed)."""
    changed = report.changed_records().get("resolution", set())
    if not changed:
        return
    mandate = _table(Mandate)
    written = {m.id for m in data.mandates}
    copies = _resolution_copies(conn, changed)
    rows = []
    for chunk in _chunks(sorted(changed)):
        select = sa.select(mandate.c.id, mandate.c.resolution).where(mandate.c.resolution.in_(chunk))
        rows += [
            {"id": found.id, **copies[found.resolution]}
            for found in conn.execute(select)
            if found.id not in written
        ]
    _sync_rows(conn, mandate, rows, report)


def _bump_versions(conn: Connection, report: LoadReport, raised: tuple[str, str] | None) -> None:
    now = _now()
    for table_name, ids in report.touched.items():
        table = SQLModel.metadata.tables[table_name]
        skip = report.inserted_ids.get(table_name, set())
        if raised is not None and raised[0] == table_name:
            skip = skip | {raised[1]}
        todo = sorted(ids - skip)
        for chunk in _chunks(todo):
            conn.execute(
                sa.update(table)
                .where(table.c.id.in_(chunk))
                .values(version=table.c.version + 1, updated_at=now)
            )


def _row(record: SQLModel) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in _CHILD_FIELDS}


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _sync_rows(
    conn: Connection,
    table: sa.Table,
    rows: list[dict[str, Any]],
    report: LoadReport,
    keep: tuple[str, ...] = (),
) -> None:
    """Insert missing rows, update differing ones. Columns in ``keep`` are written on
    insert only (they are set by a later pass)."""
    if not rows:
        return
    columns = list(rows[0])
    existing: dict[Any, dict[str, Any]] = {}
    for chunk in _chunks([r["id"] for r in rows]):
        select = sa.select(*(table.c[c] for c in columns)).where(table.c.id.in_(chunk))
        existing.update({row.id: dict(row._mapping) for row in conn.execute(select)})
    versioned = "version" in table.c
    now = _now()
    for row in rows:
        old = existing.get(row["id"])
        if old is None:
            stamps = {"created_at": now, "updated_at": now} if versioned else {}
            conn.execute(sa.insert(table).values(**row, **stamps))
            report.count(table.name, "inserted")
            report.inserted_ids.setdefault(table.name, set()).add(row["id"])
            continue
        changes = {k: v for k, v in row.items() if k not in keep and old.get(k) != v}
        if changes:
            conn.execute(sa.update(table).where(table.c.id == row["id"]).values(**changes))
            if row["id"] in report.inserted_ids.get(table.name, ()):
                continue  # a later pass of this write over a row it inserted (mission links)
            report.count(table.name, "updated")
            if versioned:
                report.touched.setdefault(table.name, set()).add(row["id"])


def _group(
    rows: Iterable[tuple[Any, ...]], *, parents: Iterable[tuple[Any, ...]]
) -> dict[tuple[Any, ...], set[tuple[Any, ...]]]:
    """Child rows by their parent key (the first element); a parent with no children is
    listed too, so that its old children go."""
    out: dict[tuple[Any, ...], set[tuple[Any, ...]]] = {parent: set() for parent in parents}
    for row in rows:
        out.setdefault((row[0],), set()).add(row)
    return out


def _sync_children(
    conn: Connection,
    table: sa.Table,
    columns: tuple[str, ...],
    parent_columns: tuple[str, ...],
    wanted: dict[tuple[Any, ...], set[tuple[Any, ...]]],
    report: LoadReport,
) -> None:
    """Make each parent's child rows equal ``wanted[parent]``, replacing changed sets."""
    if not wanted:
        return
    existing: dict[tuple[Any, ...], set[tuple[Any, ...]]] = defaultdict(set)
    parent_col = table.c[parent_columns[0]]
    for chunk in _chunks([p[0] for p in wanted]):
        select = sa.select(*(table.c[c] for c in columns)).where(parent_col.in_(chunk))
        for found in conn.execute(select):
            values = tuple(found)
            existing[values[: len(parent_columns)]].add(values)
    parent_table = CHILD_PARENT.get(table.name)
    inserts: list[dict[str, Any]] = []
    for parent, rows in wanted.items():
        if existing.get(parent, set()) == rows:
            continue
        if parent in existing:
            where = [table.c[c] == v for c, v in zip(parent_columns, parent, strict=True)]
            gone = conn.execute(sa.delete(table).where(*where)).rowcount
            if gone:
                report.count(table.name, "deleted", gone)
        inserts += [dict(zip(columns, row, strict=True)) for row in sorted(rows, key=repr)]
        report.count(table.name, "inserted", len(rows))
        if parent_table is not None:
            report.touched.setdefault(parent_table, set()).add(parent[0])
    # One executemany for all of them: a bulk load (the voting data's 41,000 votes)
    # would otherwise be as many round trips.
    if inserts:
        conn.execute(sa.insert(table), inserts)


def _sync_citations(conn: Connection, record_table: str, records: list[Any], report: LoadReport) -> None:
    wanted = {(r.id,): {(r.id, source, i) for i, source in enumerate(r.sources)} for r in records}
    _sync_children(
        conn,
        CITATION_TABLES[record_table],
        ("record_id", "source_id", "position"),
        ("record_id",),
        wanted,
        report,
    )
