"""Keeps ``search_document`` in step with the records it describes.

Each searchable record has one document: a title (names, symbols, titles) and a body
(summaries, places, actors' names, and the titles of the sources it cites). The engine's
full-text index follows the table by itself (FTS5 triggers, a generated tsvector).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from api.models import (
    CITATION_TABLES,
    Contributor,
    Event,
    EventActor,
    Mandate,
    Mission,
    SearchDocument,
    Source,
)

__all__ = ["SEARCHABLE", "sync_search_documents"]

SEARCHABLE = ("missions", "mandates", "contributors", "events", "sources")

_doc = SearchDocument.__table__  # type: ignore[attr-defined]
_source = Source.__table__  # type: ignore[attr-defined]


def sync_search_documents(conn: Connection) -> int:
    """Bring every document up to date; returns how many rows it wrote or removed."""
    wanted = {(resource, rid): doc for resource, rid, doc in _all_documents(conn)}
    existing = {
        (row.resource, row.record_id): (row.title, row.body)
        for row in conn.execute(sa.select(_doc.c.resource, _doc.c.record_id, _doc.c.title, _doc.c.body))
    }
    changes = 0
    for key in existing.keys() - wanted.keys():
        conn.execute(sa.delete(_doc).where(_doc.c.resource == key[0], _doc.c.record_id == key[1]))
        changes += 1
    for key, doc in wanted.items():
        if key not in existing:
            conn.execute(sa.insert(_doc).values(resource=key[0], record_id=key[1], title=doc[0], body=doc[1]))
            changes += 1
        elif existing[key] != doc:
            conn.execute(
                sa.update(_doc)
                .where(_doc.c.resource == key[0], _doc.c.record_id == key[1])
                .values(title=doc[0], body=doc[1])
            )
            changes += 1
    return changes


def _cited_titles(conn: Connection, record_table: str) -> dict[str, list[str]]:
    link = CITATION_TABLES[record_table]
    rows = conn.execute(
        sa.select(link.c.record_id, _source.c.title)
        .join(_source, _source.c.id == link.c.source_id)
        .order_by(link.c.record_id, link.c.position)
    )
    out: dict[str, list[str]] = defaultdict(list)
    for record_id, title in rows:
        out[record_id].append(title)
    return out


def _join(parts: Iterable[str | None]) -> str:
    return " ".join(p for p in parts if p)


def _all_documents(conn: Connection) -> Iterator[tuple[str, str, tuple[str, str]]]:
    names = dict(conn.execute(sa.select(Contributor.__table__.c.id, Contributor.__table__.c.name)).all())  # type: ignore[attr-defined]
    m = Mission.__table__  # type: ignore[attr-defined]
    cited = _cited_titles(conn, "mission")
    for row in conn.execute(sa.select(m.c.id, m.c.name, m.c.acronym, m.c.summary, m.c.lead)):
        yield (
            "missions",
            row.id,
            (
                _join([row.name, row.acronym]),
                _join([row.summary, names.get(row.lead), *cited.get(row.id, [])]),
            ),
        )
    md = Mandate.__table__  # type: ignore[attr-defined]
    cited = _cited_titles(conn, "mandate")
    mission_names: dict[str, str] = dict(conn.execute(sa.select(m.c.id, m.c.name)).all())
    for row in conn.execute(sa.select(md.c.id, md.c.symbol, md.c.mission)):
        yield (
            "mandates",
            row.id,
            (
                row.symbol,
                _join([mission_names.get(row.mission), *cited.get(row.id, [])]),
            ),
        )
    c = Contributor.__table__  # type: ignore[attr-defined]
    cited = _cited_titles(conn, "contributor")
    for row in conn.execute(sa.select(c.c.id, c.c.name, c.c.iso3, c.c.region)):
        yield (
            "contributors",
            row.id,
            (
                _join([row.name, row.iso3]),
                _join([row.region, *cited.get(row.id, [])]),
            ),
        )
    yield from _event_documents(conn, names)
    s = _source
    for row in conn.execute(sa.select(s.c.id, s.c.title, s.c.publisher)):
        yield "sources", row.id, (row.title, row.publisher)


def _event_documents(conn: Connection, names: dict[str, str]) -> Iterator[tuple[str, str, tuple[str, str]]]:
    e = Event.__table__  # type: ignore[attr-defined]
    a = EventActor.__table__  # type: ignore[attr-defined]
    actors: dict[str, list[str]] = defaultdict(list)
    for event_id, contributor in conn.execute(sa.select(a.c.event, a.c.contributor)):
        actors[event_id].append(names.get(contributor, contributor))
    cited = _cited_titles(conn, "event")
    for row in conn.execute(sa.select(e.c.id, e.c.title, e.c.summary, e.c.location)):
        yield (
            "events",
            row.id,
            (
                row.title,
                _join([row.summary, row.location, *actors.get(row.id, []), *cited.get(row.id, [])]),
            ),
        )
