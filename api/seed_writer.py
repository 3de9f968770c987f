"""Writes validated seed data: upserts records, replaces changed child rows.

A record whose columns equal the stored row is not touched, so a second load writes
nothing. Mission predecessor/successor links point both ways, so they are set after all
missions exist.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from api.models import (
    CITATION_TABLES,
    Contributor,
    CouncilSeat,
    Event,
    EventActor,
    Mandate,
    Mission,
    Observation,
    Source,
    Vote,
)

if TYPE_CHECKING:
    from api.seed import LoadReport, SeedData

__all__ = ["write_seed"]

_CHILD_FIELDS = {"sources", "votes", "actors"}


def _table(model: type[SQLModel]) -> sa.Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


def write_seed(conn: Connection, data: SeedData, report: LoadReport) -> None:
    _sync_rows(conn, _table(Source), [_row(s) for s in data.sources], report)
    _sync_rows(conn, _table(Contributor), [_row(c) for c in data.contributors], report)
    _sync_citations(conn, "contributor", data.contributors, report)
    seats = {(y.year, member): (y.year, member, y.sources[0]) for y in data.council for member in y.members}
    _sync_children(
        conn,
        _table(CouncilSeat),
        ("year", "member", "source"),
        ("year",),
        _group(seats.values(), key=lambda t: (t[0],)),
        report,
    )
    links = ("predecessor", "successor")
    missions = [_row(m) for m in data.missions]
    _sync_rows(conn, _table(Mission), [{**m, **dict.fromkeys(links)} for m in missions], report, keep=links)
    _sync_rows(conn, _table(Mission), [{k: m[k] for k in ("id", *links)} for m in missions], report)
    _sync_citations(conn, "mission", data.missions, report)
    _sync_rows(conn, _table(Mandate), [_row(m) for m in data.mandates], report)
    _sync_citations(conn, "mandate", data.mandates, report)
    votes = [
        (md.id, member, choice)
        for md in data.mandates
        if md.votes is not None
        for member, choice in md.votes.by_member().items()
    ]
    _sync_children(
        conn,
        _table(Vote),
        ("mandate", "member", "vote"),
        ("mandate",),
        _group(votes, key=lambda t: (t[0],), parents=[(m.id,) for m in data.mandates]),
        report,
    )
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
        _group(actors, key=lambda t: (t[0],), parents=[(e.id,) for e in data.events]),
        report,
    )


def _row(record: SQLModel) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in _CHILD_FIELDS}


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
    existing = {row.id: dict(row._mapping) for row in conn.execute(sa.select(*(table.c[c] for c in columns)))}
    for row in rows:
        old = existing.get(row["id"])
        if old is None:
            conn.execute(sa.insert(table).values(**row))
            report.count(table.name, "inserted")
            continue
        changes = {k: v for k, v in row.items() if k not in keep and old.get(k) != v}
        if changes:
            conn.execute(sa.update(table).where(table.c.id == row["id"]).values(**changes))
            report.count(table.name, "updated")


def _group(
    rows: Iterable[tuple[Any, ...]],
    *,
    key: Any,
    parents: Iterable[tuple[Any, ...]] = (),
) -> dict[tuple[Any, ...], set[tuple[Any, ...]]]:
    out: dict[tuple[Any, ...], set[tuple[Any, ...]]] = defaultdict(set)
    for parent in parents:
        out[parent]  # a parent with no children is still in sync (its old ones go)
    for row in rows:
        out[key(row)].add(row)
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
    existing: dict[tuple[Any, ...], set[tuple[Any, ...]]] = defaultdict(set)
    for found in conn.execute(sa.select(*(table.c[c] for c in columns))):
        values = tuple(found)
        existing[values[: len(parent_columns)]].add(values)
    for parent, rows in wanted.items():
        if existing.get(parent, set()) == rows:
            continue
        where = [table.c[c] == v for c, v in zip(parent_columns, parent, strict=True)]
        gone = conn.execute(sa.delete(table).where(*where)).rowcount
        if gone:
            report.count(table.name, "deleted", gone)
        for row in sorted(rows, key=repr):
            conn.execute(sa.insert(table).values(dict(zip(columns, row, strict=True))))
        report.count(table.name, "inserted", len(rows))


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
