"""Keeps ``search_document`` in step with the records it describes.

Each searchable record has one document: a title (names, symbols, titles) and a body
(summaries, places, actors' names, and the titles of the sources it cites). The engine's
full-text index follows the table by itself (FTS5 triggers, a generated tsvector).
``sync_search_documents`` rebuilds every document, or, given the changed record ids,
only the documents those changes can alter (a contributor's name appears in the missions
it leads and the events it acts in; a source's title in every record that cites it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from api.models import (
    CITATION_TABLES,
    Contributor,
    Event,
    EventActor,
    Mandate,
    Mission,
    Resolution,
    SearchDocument,
    Source,
)

__all__ = ["SEARCHABLE", "sync_search_documents"]

SEARCHABLE = ("missions", "resolutions", "mandates", "contributors", "events", "sources")

_doc = SearchDocument.__table__  # type: ignore[attr-defined]
_source = Source.__table__  # type: ignore[attr-defined]
_mission = Mission.__table__  # type: ignore[attr-defined]
_mandate = Mandate.__table__  # type: ignore[attr-defined]
_resolution = Resolution.__table__  # type: ignore[attr-defined]
_contributor = Contributor.__table__  # type: ignore[attr-defined]
_event = Event.__table__  # type: ignore[attr-defined]
_actor = EventActor.__table__  # type: ignore[attr-defined]

Doc = tuple[str, str]
Scope = set[str] | None  # None: every record
_RESOURCE_TABLE = {
    "missions": "mission",
    "resolutions": "resolution",
    "mandates": "mandate",
    "contributors": "contributor",
    "events": "event",
    "sources": "source",
}


def sync_search_documents(conn: Connection, changed: dict[str, set[str]] | None = None) -> int:
    """Bring documents up to date; ``changed`` maps table names to changed record ids
    (None: all). Returns how many rows it wrote or removed."""
    scopes = _scopes(conn, changed) if changed is not None else dict.fromkeys(SEARCHABLE)
    writes = 0
    for resource, ids in scopes.items():
        if ids is not None and not ids:
            continue
        wanted = dict(_BUILDERS[resource](conn, ids))
        existing_query = sa.select(_doc.c.record_id, _doc.c.title, _doc.c.body).where(
            _doc.c.resource == resource
        )
        if ids is not None:
            existing_query = existing_query.where(_doc.c.record_id.in_(sorted(ids)))
        existing = {row.record_id: (row.title, row.body) for row in conn.execute(existing_query)}
        for record_id in existing.keys() - wanted.keys():
            conn.execute(sa.delete(_doc).where(_doc.c.resource == resource, _doc.c.record_id == record_id))
            writes += 1
        for record_id, doc in wanted.items():
            if record_id not in existing:
                conn.execute(
                    sa.insert(_doc).values(resource=resource, record_id=record_id, title=doc[0], body=doc[1])
                )
                writes += 1
            elif existing[record_id] != doc:
                conn.execute(
                    sa.update(_doc)
                    .where(_doc.c.resource == resource, _doc.c.record_id == record_id)
                    .values(title=doc[0], body=doc[1])
                )
                writes += 1
    return writes


def _scopes(conn: Connection, changed: dict[str, set[str]]) -> dict[str, Scope]:
    scopes: dict[str, set[str]] = {resource: set() for resource in SEARCHABLE}
    for resource, table in _RESOURCE_TABLE.items():
        scopes[resource] |= changed.get(table, set())
    missions, contributors, sources = (changed.get(t, set()) for t in ("mission", "contributor", "source"))
    if missions:
        scopes["mandates"] |= _ids(conn, sa.select(_mandate.c.id).where(_mandate.c.mission.in_(missions)))
    if contributors:
        scopes["missions"] |= _ids(conn, sa.select(_mission.c.id).where(_mission.c.lead.in_(contributors)))
        scopes["events"] |= _ids(
            conn, sa.select(_actor.c.event).where(_actor.c.contributor.in_(contributors))
        )
    if sources:
        by_table = {t: r for r, t in _RESOURCE_TABLE.items()}
        for table, link in CITATION_TABLES.items():
            if table in by_table:
                scopes[by_table[table]] |= _ids(
                    conn, sa.select(link.c.record_id).where(link.c.source_id.in_(sources))
                )
    return dict(scopes)


def _ids(conn: Connection, select: sa.Select[tuple[str]]) -> set[str]:
    return {str(value) for value in conn.execute(select).scalars()}


def _where_ids(
    select: sa.Select[tuple[object, ...]], column: sa.ColumnElement[str], ids: Scope
) -> sa.Select[tuple[object, ...]]:
    return select if ids is None else select.where(column.in_(sorted(ids)))


def _cited_titles(conn: Connection, record_table: str, ids: Scope) -> dict[str, list[str]]:
    link = CITATION_TABLES[record_table]
    select = (
        sa.select(link.c.record_id, _source.c.title)
        .join(_source, _source.c.id == link.c.source_id)
        .order_by(link.c.record_id, link.c.position)
    )
    out: dict[str, list[str]] = defaultdict(list)
    for row in conn.execute(_where_ids(select, link.c.record_id, ids)):
        out[row.record_id].append(row.title)
    return out


def _join(parts: Iterable[str | None]) -> str:
    return " ".join(p for p in parts if p)


def _names(conn: Connection) -> dict[str, str]:
    return {row.id: row.name for row in conn.execute(sa.select(_contributor.c.id, _contributor.c.name))}


def _missions(conn: Connection, ids: Scope) -> Iterator[tuple[str, Doc]]:
    names = _names(conn)
    cited = _cited_titles(conn, "mission", ids)
    select = sa.select(
        _mission.c.id, _mission.c.name, _mission.c.acronym, _mission.c.summary, _mission.c.lead
    )
    for row in conn.execute(_where_ids(select, _mission.c.id, ids)):
        yield (
            row.id,
            (
                _join([row.name, row.acronym]),
                _join([row.summary, names.get(row.lead or ""), *cited.get(row.id, [])]),
            ),
        )


def _mandates(conn: Connection, ids: Scope) -> Iterator[tuple[str, Doc]]:
    cited = _cited_titles(conn, "mandate", ids)
    mission_names = {row.id: row.name for row in conn.execute(sa.select(_mission.c.id, _mission.c.name))}
    select = sa.select(_mandate.c.id, _mandate.c.symbol, _mandate.c.mission)
    for row in conn.execute(_where_ids(select, _mandate.c.id, ids)):
        yield row.id, (row.symbol, _join([mission_names.get(row.mission), *cited.get(row.id, [])]))


def _resolutions(conn: Connection, ids: Scope) -> Iterator[tuple[str, Doc]]:
    cited = _cited_titles(conn, "resolution", ids)
    select = sa.select(_resolution.c.id, _resolution.c.symbol, _resolution.c.agenda, _resolution.c.subjects)
    for row in conn.execute(_where_ids(select, _resolution.c.id, ids)):
        yield row.id, (row.symbol, _join([row.agenda, *(row.subjects or []), *cited.get(row.id, [])]))


def _contributors(conn: Connection, ids: Scope) -> Iterator[tuple[str, Doc]]:
    cited = _cited_titles(conn, "contributor", ids)
    select = sa.select(_contributor.c.id, _contributor.c.name, _contributor.c.iso3, _contributor.c.region)
    for row in conn.execute(_where_ids(select, _contributor.c.id, ids)):
        yield row.id, (_join([row.name, row.iso3]), _join([row.region, *cited.get(row.id, [])]))


def _events(conn: Connection, ids: Scope) -> Iterator[tuple[str, Doc]]:
    names = _names(conn)
    actors: dict[str, list[str]] = defaultdict(list)
    select_actors = sa.select(_actor.c.event, _actor.c.contributor)
    for row in conn.execute(_where_ids(select_actors, _actor.c.event, ids)):
        actors[row.event].append(names.get(row.contributor, row.contributor))
    cited = _cited_titles(conn, "event", ids)
    select = sa.select(_event.c.id, _event.c.title, _event.c.summary, _event.c.location)
    for row in conn.execute(_where_ids(select, _event.c.id, ids)):
        yield (
            row.id,
            (
                row.title,
                _join([row.summary, row.location, *actors.get(row.id, []), *cited.get(row.id, [])]),
            ),
        )


def _sources(conn: Connection, ids: Scope) -> Iterator[tuple[str, Doc]]:
    select = sa.select(_source.c.id, _source.c.title, _source.c.publisher)
    for row in conn.execute(_where_ids(select, _source.c.id, ids)):
        yield row.id, (row.title, row.publisher)


_BUILDERS: dict[str, Callable[[Connection, Scope], Iterator[tuple[str, Doc]]]] = {
    "missions": _missions,
    "resolutions": _resolutions,
    "mandates": _mandates,
    "contributors": _contributors,
    "events": _events,
    "sources": _sources,
}
