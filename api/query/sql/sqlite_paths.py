"""SQLite's fast paths, in one place, behind one switch (``Store(fast_paths=...)``).

Every answer has one portable plan (``api.query.sql.plan``), which both engines run. On
SQLite, where reads are in-process and cheap to shape, four shortcuts change *how* the
same rows are read or spelled, never *which* rows: turned off, a SQLite store runs the
portable plans and gives byte-identical answers (``tests/query/test_fast_paths.py``
compares both on every resource).

1. **SQLite-written lines.** A full export reads every row of a filtered, sorted list.
   Converting each value in Python and handing it to ``csv``/``orjson`` costs several
   microseconds a row; SQLite's own string and JSON functions write the same line (a CSV
   line, an NDJSON line, or a page's JSON object) for a fraction of that. The statement
   is the ordinary page or stream plan with its select list replaced by one text column,
   so nothing about *which* rows is written twice, only *how a row is spelled*. The
   spelling follows the Python renderers (``api.rest.render``), value for value:
   timestamps as ISO 8601 with a ``Z``, booleans as ``true``/``false``, lists of ids
   joined with ``;`` in CSV, NULL as an empty CSV cell or JSON ``null``, and CSV cells
   quoted exactly when the Python renderer quotes them (a comma, a double quote, LF, and
   CR). Only fields whose text is exact: a REAL (``number``) field is left to Python,
   because SQLite prints 15 significant digits where Python prints the shortest exact
   form, and a whole figure is written as an integer (400, not 400.0:
   ``api.query.numbers``).
2. **Stored records.** Where migration 0007 keeps each row's JSON object beside it
   (written by triggers), a whole-record JSON page or NDJSON line reads that object
   instead of spelling it.
3. **Searches ordered on the documents** (``document_keys``): a page of a search alone,
   in the resource's search order, takes its keys from the search documents' own index
   and reads only the page's rows in full; with filters, ``page_keys`` sorts the matches
   on what an index holds first.
4. **Probing many matches** (``probes``): when the words match many documents, a page
   asks row by row, in the list's order, whether each row matches (a page ends after a
   few rows) instead of reading every match and sorting it. SQLite's planner cannot tell
   the two cases apart, so an estimate capped at ``MANY_MATCHES`` decides.

Each bought 10% or more on ``bench/rest.py`` when it was added (``bench/README.md``);
PostgreSQL plans its own way and has none of them (its own: ``postgres_paths``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from api.query.fields import FieldDecl, FieldType
from api.query.resources import RESOURCES, Resource
from api.query.spec import ListQuery, SortKey
from api.query.sql.binding import Binder, Plan, Shape
from api.query.sql.keyset import Clause, Columns, after, order_by
from api.query.sql.search import fts_match, matching_documents, ranked, search_terms

__all__ = [
    "FORMATS",
    "MANY_MATCHES",
    "defers",
    "document_keys",
    "keys_in_record",
    "match_estimate",
    "orders_documents",
    "page_keys",
    "probes",
    "read_stored_records",
    "rendered_line",
    "renders_in_sql",
    "sqlite_timestamp",
    "uses_stored",
]

# Past this many matching documents a search page reads rows in order and tests each
# (a page ends after a few rows); below it, it reads every match and sorts them.
MANY_MATCHES = 20_000

FORMATS = ("csv", "ndjson")  # the streams; "json" is a page's record, without a newline
_EXACT = {
    FieldType.string,
    FieldType.ref,
    FieldType.enum,
    FieldType.date,
    FieldType.integer,
    FieldType.boolean,
    FieldType.strings,
    FieldType.timestamp,
}
_NEWLINE = sa.func.char(10)
_SPACE: sa.ColumnElement[str] = sa.literal_column("' '")
_T: sa.ColumnElement[str] = sa.literal_column("'T'")
_Z: sa.ColumnElement[str] = sa.literal_column("'Z'")


def renders_in_sql(resource: Resource, fields: tuple[str, ...]) -> bool:
    return all(resource.field(name).type in _EXACT for name in fields)


def sqlite_timestamp(col: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """A timestamp's wire text, ISO 8601 in UTC with a Z. SQLite holds the app's
    timestamps as SQLAlchemy writes them, ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC without
    a zone: a T, and a Z. (PostgreSQL's are converted by the store.) The three strings
    are literals of the statement: bound, they cost a binding each per statement and a
    copy each per row."""
    return sa.func.replace(col, _SPACE, _T).concat(_Z)


def _json_value(decl: FieldDecl, col: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    if decl.type is FieldType.timestamp:
        return sqlite_timestamp(col)
    if decl.type is FieldType.boolean:
        return sa.case((col.is_(None), None), (col != 0, sa.func.json("true")), else_=sa.func.json("false"))
    if decl.type is FieldType.strings:
        return sa.func.json(col)  # stored as JSON text: embed it as JSON, not as a string
    return col


def _name(decl: FieldDecl) -> sa.ColumnElement[Any]:
    """A field's name as a literal of the statement (a declared identifier, never input):
    a bound parameter per key and row costs SQLite a copy, and the driver a binding."""
    if not decl.name.isidentifier():
        raise ValueError(f"not a field name: {decl.name!r}")
    return sa.literal_column(f"'{decl.name}'")


def keys_in_record(resource: Resource, fields: tuple[str, ...], keys: tuple[SortKey, ...]) -> bool:
    """Whether a rendered page's sort keys can be read back from its last JSON record for
    the next cursor (the keys are among its fields, and their JSON values are the wire
    values a cursor carries), instead of being selected beside each record."""
    return all(k.field in fields and resource.field(k.field).type is not FieldType.strings for k in keys)


def _csv_text(decl: FieldDecl, col: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """The cell's text before quoting; NULL stays NULL (an empty cell)."""
    if decl.type is FieldType.timestamp:
        return sqlite_timestamp(col)
    if decl.type is FieldType.boolean:
        return sa.case((col.is_(None), None), (col != 0, "true"), else_="false")
    if decl.type is FieldType.strings:
        each = sa.func.json_each(col).table_valued("value")
        return sa.select(sa.func.group_concat(each.c.value, ";")).select_from(each).scalar_subquery()
    return sa.cast(col, sa.Text) if decl.type is FieldType.integer else col


# Text that never holds a comma, a quote or a line break: ids and lists of ids (every id
# is a slug, ``api.curation.records.Slug``, on every write path), enum values, dates, integers,
# timestamps, booleans. Only free text is checked for quoting.
_NEVER_QUOTED = {
    FieldType.ref,
    FieldType.strings,
    FieldType.enum,
    FieldType.date,
    FieldType.integer,
    FieldType.timestamp,
    FieldType.boolean,
}


def _csv_cell(decl: FieldDecl, text: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """Quoted when the Python renderer would quote it (see the module). NULL stays NULL:
    ``printf`` writes it as the empty cell (an empty list of ids joins to NULL as well)."""
    if decl.type in _NEVER_QUOTED:
        return text
    # instr is cheaper than one GLOB '*[...]*' (whose pattern SQLite reads on every row);
    # of NULL it is NULL, so NULL goes to the ELSE branch and stays NULL.
    special = sa.or_(*(sa.func.instr(text, c) > 0 for c in (",", '"', sa.func.char(10), sa.func.char(13))))
    quoted = sa.literal('"').concat(sa.func.replace(text, '"', '""')).concat('"')
    return sa.case((special, quoted), else_=text)


def rendered_line(
    resource: Resource,
    fields: tuple[str, ...],
    cols: dict[str, sa.ColumnElement[Any]],
    fmt: str,
    stored: sa.ColumnElement[Any] | None = None,
) -> sa.ColumnElement[Any]:
    """One column of UTF-8 bytes: the row's CSV line or JSON object, newline included
    (``json``: the object alone). Bytes, not text: the lines go into a body as they are,
    and text would be decoded by the driver only to be encoded again. ``stored``: the
    row's stored object, read instead of spelled (where ``uses_stored`` says it applies:
    the caller's to check)."""
    if stored is None:
        line = _line(resource, fields, cols, fmt)
    else:
        line = stored if fmt == "json" else stored.concat(_NEWLINE)
    return sa.cast(line, sa.LargeBinary)


def read_stored_records(cursor: Any) -> Iterator[str]:
    """The resources whose rows carry their JSON objects with the fields the resource
    declares, in order, as ``stored_record`` lists them (migration 0007; none before it).
    ``cursor``: a SQLite DBAPI cursor."""
    try:
        cursor.execute("SELECT resource, fields FROM stored_record")
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return
        raise
    for resource, fields in cursor.fetchall():
        declared = RESOURCES.get(resource)
        if declared is not None and tuple(json.loads(fields)) == declared.field_names:
            yield resource


def uses_stored(resource: Resource, fmt: str, fields: tuple[str, ...]) -> bool:
    """Whether a rendered line is the row's stored JSON object (migration 0007), where
    the database keeps one: a JSON object or NDJSON line of every field in order."""
    return fmt in ("json", "ndjson") and fields == resource.field_names


def _line(
    resource: Resource, fields: tuple[str, ...], cols: dict[str, sa.ColumnElement[Any]], fmt: str
) -> sa.ColumnElement[Any]:
    decls = [resource.field(name) for name in fields]
    if fmt in ("json", "ndjson"):
        pairs: list[Any] = []
        for decl in decls:
            pairs.extend((_name(decl), _json_value(decl, cols[decl.name])))
        record = sa.func.json_object(*pairs)
        return record if fmt == "json" else record.concat(_NEWLINE)
    # One printf writes the line: a chain of || copies the line so far at every step, and
    # printf writes NULL as the empty cell. The format is constant (%s only); the values
    # are arguments, never part of it.
    cells = [_csv_cell(decl, _csv_text(decl, cols[decl.name])) for decl in decls]
    return sa.func.printf(sa.literal(",".join(["%s"] * len(cells)) + "\n"), *cells)


# -- search strategies ----------------------------------------------------------------


def match_estimate(q: str | None, query: ListQuery) -> Plan | None:
    """How many search documents match ``q``, counted up to ``MANY_MATCHES`` (a bound on
    the work): the statement that decides whether a page probes (``probes``). None when
    there is nothing to decide: no words, or ordered by relevance (which needs every
    match)."""
    terms = search_terms(q or "")
    if not terms or ranked(query):
        return None
    binder = Binder(True)
    match = binder.bind(fts_match(terms))
    hits: sa.Select[Any] = sa.select(sa.literal_column("1")).select_from(sa.table("search_fts"))
    hits = hits.where(sa.literal_column("search_fts").op("MATCH")(match)).limit(MANY_MATCHES)
    return Plan(
        Shape(
            ("fts-estimate", MANY_MATCHES), lambda: sa.select(sa.func.count()).select_from(hits.subquery())
        ),
        binder.params,
    )


def probes(hits: int) -> bool:
    """Whether a page with this many matching documents (``match_estimate``) should test
    its rows one by one in the list's order (``search.search_condition(probe=True)``)."""
    return hits >= MANY_MATCHES


def defers(resource: Resource, query: ListQuery, *, probe: bool) -> bool:
    """Whether a page's rows are read after its order is settled (``page_keys``): for a
    search that reads every match (not the probe), not ranked (the rank is a column of
    the page), on a resource with a one-column key."""
    return not probe and bool(search_terms(query.q or "")) and not ranked(query) and len(resource.key) == 1


def orders_documents(
    resource: Resource, query: ListQuery, keys: tuple[SortKey, ...], *, probe: bool, day: Any
) -> bool:
    """Whether a page's keys are read from the search documents (``document_keys``): a
    page that would be deferred (``defers``), of a search alone (no filter, no as-of),
    ordered by the resource's search sort (either way) and its key."""
    return (
        defers(resource, query, probe=probe)
        and resource.search_sort is not None
        and day is None
        and not query.all_conditions
        and [k.field for k in keys] == [resource.search_sort, *resource.key]
    )


def document_keys(
    resource: Resource,
    terms: list[str],
    keys: tuple[SortKey, ...],
    cursor_values: list[Any] | None,
    limit: int | None,
    binder: Binder,
    shape: list[Any],
) -> Clause:
    """``key IN (the page's keys, ordered and limited on the matching documents)``: a
    document carries its record's id and search-sort value (``search_document.sort_key``,
    migration 0006), and SQLite reads both with the document's rowid from one index
    (``ix_search_document_sort``): a match costs one index lookup, with no lookup of its
    record, and only the page's rows are read in full. The cursor's predicate and the
    order are the list's own (``api.query.sql.keyset``), spelled on the documents' columns."""
    documents = matching_documents(resource, terms, binder)
    shape.append("document-keys")
    past = None
    if cursor_values is not None:
        past = after(resource, keys, cursor_values, binder, shape)
        shape.append("after")
    key, sort_field = resource.key[0], resource.search_sort
    assert sort_field is not None  # orders_documents checked

    def clause(_cols: Columns) -> sa.ColumnElement[bool]:
        page, doc = documents()
        cols: Columns = {sort_field: doc.c.sort_key, key: doc.c.record_id}
        if past is not None:
            page = page.where(past(cols))
        page = page.order_by(*order_by(resource, cols, keys)).limit(limit)
        return resource.table.c[key].in_(page)

    return clause


def page_keys(
    resource: Resource, clauses: list[Any], order: list[sa.ColumnElement[Any]], limit: int | None
) -> sa.ColumnElement[bool]:
    """``key IN (the page's keys, selected, ordered and limited)``: SQLite sorts a
    search's matches on what an index holds (event: ``ix_event_id_date``, migration 0005)
    and reads only the page's rows in full, instead of sorting every matching row."""
    key = resource.table.c[resource.key[0]]
    page = sa.select(key).where(*clauses).order_by(*order).limit(limit)
    return key.in_(page.correlate(None))
