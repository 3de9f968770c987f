"""Runs planned statements on the database and maps rows to plain dicts of wire values
(strings, numbers, booleans, lists; dates as ISO strings), the same on both engines.

Compiled SQL is cached per statement shape, and rows go straight from the driver's
cursor through one converter list per resource: no ORM objects on the read path.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import orjson
from sqlalchemy.engine import Connection, Engine

from api.db import database_errors
from api.errors import DatabaseUnavailable, NotFound
from api.query.lent import NeedsThread, lent, refuse_on_lent
from api.query.pages import Fetched, JsonPage, Page, Row
from api.query.resources import RELEVANCE, RESOURCES, Resource
from api.query.spec import ListQuery, SortKey
from api.query.sql.children import IN_CHUNK, child_plan, records_plan
from api.query.sql.cursor import decode_cursor, encode_cursor, listing_fingerprint, row_cursor
from api.query.sql.cursor_key import read_or_make_key
from api.query.sql.plan import (
    Plan,
    Shape,
    effective_sort,
    plan_count,
    plan_get,
    plan_page,
    plan_stream,
    ranked,
)
from api.query.sql.sqlite_paths import (
    FORMATS,
    keys_in_record,
    match_estimate,
    probes,
    read_stored_records,
    renders_in_sql,
)
from api.query.sql.statements import Statements
from api.query.sql.stored_version import stored_state
from api.query.validate import validate
from api.query.wire import Rows, wire_converter, wire_value

__all__ = ["JsonPage", "Page", "Row", "Store"]  # the pages are re-exported

_STREAM_BATCH = 1000
_TEXT_BATCH = 2000  # lines rendered by the database: a few hundred bytes each
_MAX_COUNTS = 16384
_VERSION_TTL = 1.0  # seconds a worker trusts the dataset version it read
_STORED_STATE = Shape(("dataset-state",), stored_state)


class Store:
    """The query layer's door to the database. One per app; thread-safe."""

    def __init__(
        self,
        engine: Engine,
        *,
        hash_dataset: Callable[[Connection], str] | None = None,
        cursor_key: bytes | None = None,
        fast_paths: bool = True,
    ) -> None:
        """``hash_dataset``: how to version a database whose writer stored no version (one
        filled by hand; ``api.research.dataset_version``); without it such a database
        answers 503 until ``peaceops db upgrade`` stores its version. ``cursor_key``: the
        key that signs cursors (``PEACEOPS_SECRET_KEY``); by default the deployment's, kept
        in the database (``api.query.sql.cursor_key``). Reads run on a pooled connection, or on
        the one their caller lent (``api.query.lent``). ``fast_paths``: the one switch of
        SQLite's shortcuts (``api.query.sql.sqlite_paths``; off, a SQLite store runs the
        portable plans and answers alike)."""
        self.engine = engine
        self._hash_dataset = hash_dataset
        self._cursor_key = cursor_key
        self._key_lock = threading.Lock()
        self.sqlite = engine.dialect.name == "sqlite"
        self.fast = self.sqlite and fast_paths
        self.statements = Statements(engine)
        self._converters = {
            name: wire_converter(r.fields, sqlite=self.sqlite) for name, r in RESOURCES.items()
        }
        self._version: tuple[float, str, str] = (0.0, "", "")  # expires, version, token
        self._version_lock = threading.Lock()
        # meta.count per (dataset version, query fingerprint): the pages of one listing,
        # and every repeat of a query, count once per version of the data.
        self._counts: dict[tuple[str, str], int] = {}
        self._stored: frozenset[str] | None = None  # read at first use (stored_records)

    def forget(self) -> None:
        """Drops what this store remembers of the data (the dataset version and counts):
        called after every write through it, so that its next read sees the write. Other
        processes see a write within ``_VERSION_TTL``, as they see the new version."""
        with self._version_lock:
            self._version = (0.0, "", "")
            self._counts = {}
            self._stored = None

    def dataset_version(self) -> str:
        """The dataset version (``api.research.dataset_version``), read at most once a second."""
        return self._read_state()[1]

    def state_token(self) -> str:
        """``<dataset version>.<write generation>``: changes with every write that changes
        anything a reader can see (``api.query.sql.stored_version``); read with the version,
        at most once a second."""
        return self._read_state()[2]

    def known_state_token(self) -> str | None:
        """The state token while this worker still trusts the one it read; ``None`` when it
        must be read again (no database call)."""
        expires, _, token = self._version
        return token if time.monotonic() < expires else None

    def _read_state(self) -> tuple[float, str, str]:
        state = self._version
        now = time.monotonic()
        if now < state[0]:
            return state
        # A read on a lent connection does not wait for another thread's refresh: it moves.
        if not self._version_lock.acquire(blocking=lent() is None):
            raise NeedsThread("another thread is reading the dataset version")
        try:
            with database_errors(), self._raw(None) as conn, contextlib.closing(conn.cursor()) as cursor:
                self.run(cursor, Plan(_STORED_STATE, {}))
                found = cursor.fetchone()
            stored: str | None = found[0] if found else None
            generation = str(found[1]) if found and found[1] is not None else "0"
            if stored is None:  # a database filled without the loader: hash it (rare)
                refuse_on_lent("hashing the dataset")
                if self._hash_dataset is None:
                    raise DatabaseUnavailable("the dataset has no stored version: run `peaceops db upgrade`")
                with database_errors(), self.engine.connect() as sa_conn:
                    stored = self._hash_dataset(sa_conn)
            state = self._version = (now + _VERSION_TTL, stored, f"{stored}.{generation}")
        finally:
            self._version_lock.release()
        return state

    # -- reading -------------------------------------------------------------------

    def list(self, query: ListQuery, *, with_count: bool = True) -> Page:
        resource = validate(query)
        names = (*resource.field_names, *((RELEVANCE,) if ranked(query) else ()))
        convert = self._converters[resource.name]  # it leaves trailing computed columns be

        def rows_of(raw: Sequence[Any]) -> builtins.list[Row]:
            return [dict(zip(names, row, strict=True)) for row in convert(raw)]

        keys = effective_sort(resource, query.sort)
        got = self._page(resource, query, keys, rows_of, with_count=with_count)
        rows = got.rows
        next_cursor = self._next_cursor(got, [rows[-1][k.field] for k in keys]) if got.more else None
        self._expand(resource, rows, query.expand)
        return Page(rows=rows, count=got.count, next_cursor=next_cursor, dataset_version=got.version)

    def page(self, query: ListQuery) -> Page | JsonPage:
        """A list page as a JSON face serves it: the records written by the database where
        it can spell them exactly (``list_json``, SQLite), or rows to render (``list``)."""
        return self.list_json(query) if self.renders_json(query) else self.list(query)

    def renders_json(self, query: ListQuery) -> bool:
        """Whether the database can write ``query``'s page as JSON (``list_json``): not
        on PostgreSQL, nor with expansions, REAL fields or relevance (SQLite prints 15
        significant digits of a float, Python the shortest exact form)."""
        resource = validate(query)
        fields = query.fields if query.fields is not None else resource.field_names
        return self.fast and not query.expand and not ranked(query) and _exact(resource.name, fields)

    def list_json(self, query: ListQuery) -> JsonPage:
        """The page ``list`` reads, each record's JSON object written by the database
        (``api.query.sql.sqlite_paths``), with its count; where ``renders_json`` says it can."""
        if not self.renders_json(query):
            raise ValueError("this page cannot be written by the database: use Store.list")
        resource = validate(query)
        fields = query.fields if query.fields is not None else resource.field_names
        keys = effective_sort(resource, query.sort)
        got = self._page(resource, query, keys, builtins.list, render=("json", fields))
        records = [row[0] for row in got.rows]
        next_cursor = None
        if got.more:
            if keys_in_record(resource, fields, keys):  # the plan selected no key columns
                last = orjson.loads(records[-1])
                values = [last[k.field] for k in keys]
            else:
                values = _key_converter(resource.name, keys)([got.rows[-1][1:]])[0]
            next_cursor = self._next_cursor(got, values)
        return JsonPage(
            records=records, count=got.count, next_cursor=next_cursor, dataset_version=got.version
        )

    def _page(
        self,
        resource: Resource,
        query: ListQuery,
        keys: tuple[SortKey, ...],
        rows_of: Callable[[Sequence[Any]], builtins.list[Any]],
        *,
        with_count: bool = True,
        render: tuple[str, tuple[str, ...]] | None = None,
    ) -> Fetched:
        """A page's rows (``rows_of`` the driver's), and its count: read from the count
        cache, or counted and filed under the dataset version the count statement read."""
        fp = self.fingerprint(query)
        # The cursor's values and the page's plan follow from the query alone: a query
        # object that comes again (api.rest.parsed) reuses them.
        after = query.derived("after", lambda q: self._after(q, fp, len(keys)))
        count = None
        version = self.dataset_version() if with_count else ""
        if with_count:
            count = self._counts.get((version, fp))
        # Cursors closed however the block ends: an open statement would hold a lent
        # connection's read snapshot (and so its view of the data) past the request.
        with database_errors(), self._raw(None) as conn, contextlib.closing(conn.cursor()) as cursor:
            probe = self._many_matches(cursor, query)

            stored = render is not None and resource.name in self.stored_records(cursor)

            def page_plan_of(q: ListQuery) -> Plan:
                return plan_page(
                    resource,
                    q,
                    sqlite=self.sqlite,
                    fast=self.fast,
                    after_values=after,
                    probe=probe,
                    render=render,
                    stored=stored,
                )

            page_plan = query.derived(
                ("page-plan", self.sqlite, self.fast, probe, render, stored), page_plan_of
            )
            self.run(cursor, page_plan)
            rows = rows_of(cursor.fetchall())
            if with_count and count is None:
                count_plan = plan_count(resource, query, sqlite=self.sqlite, with_version=True)
                self.run(cursor, count_plan)
                count, counted_at = cursor.fetchone() or (0, None)
                # Kept under the version the count's own statement saw: a write
                # between reading the version and counting cannot misfile it.
                if counted_at is not None:
                    self._remember_count((counted_at, fp), count)
                    version = counted_at
        more = len(rows) > query.limit
        return Fetched(rows[: query.limit] if more else rows, count, version, more, fp)

    def stored_records(self, cursor: Any = None) -> frozenset[str]:
        """The resources whose rows carry their JSON objects (migration 0007, SQLite) with
        exactly the fields the resource declares: read once (with ``cursor``, or on a
        connection of its own), and again after ``forget``."""
        stored = self._stored
        if stored is None:
            if not self.fast:
                stored = frozenset()
            elif cursor is not None:
                stored = frozenset(read_stored_records(cursor))
            else:
                with database_errors(), self._raw(None) as conn, contextlib.closing(conn.cursor()) as own:
                    stored = frozenset(read_stored_records(own))
            self._stored = stored
        return stored

    def _next_cursor(self, got: Fetched, values: builtins.list[Any]) -> str:
        """The cursor after the page's last row (``values``: its sort keys)."""
        return encode_cursor(key=self.cursor_key(), query_fingerprint=got.fingerprint, values=values)

    def cursor_key(self) -> bytes:
        """The key that signs cursors: read (or made) once, then kept."""
        key = self._cursor_key
        if key is None:
            refuse_on_lent("reading the cursor key")  # it may have to write it first
            with (
                self._key_lock,
                database_errors(),
                contextlib.closing(self.engine.raw_connection()) as conn,
                contextlib.closing(conn.cursor()) as cursor,
            ):
                key = self._cursor_key or read_or_make_key(cursor, postgres=not self.sqlite)
            self._cursor_key = key
        return key

    def row_cursor(self, query: ListQuery, row: Row) -> str:
        """The cursor after ``row`` of a page of ``query`` (a GraphQL edge's)."""
        resource = validate(query)
        return row_cursor(
            resource, query, row, key=self.cursor_key(), query_fingerprint=self.fingerprint(query)
        )

    def _many_matches(self, cursor: Any, query: ListQuery) -> bool:
        """Whether a page's search should test its rows one by one in the list's order
        (a SQLite fast path: ``sqlite_paths.probes``)."""
        estimate = match_estimate(query.q, query) if self.fast else None
        if estimate is None:
            return False
        self.run(cursor, estimate)
        (hits,) = cursor.fetchone() or (0,)
        return probes(hits)

    def _remember_count(self, key: tuple[str, str], count: int) -> None:
        counts = self._counts
        if len(counts) >= _MAX_COUNTS:
            counts.clear()  # a flood of distinct queries must not grow memory
        counts[key] = count

    def get(
        self,
        resource_name: str,
        key: tuple[Any, ...],
        *,
        expand: Sequence[str] = (),
        connection: Connection | None = None,
    ) -> Row:
        """One record; ``connection`` reads inside a caller's transaction (a write that
        must see its own changes)."""
        resource = RESOURCES[resource_name]
        plan = plan_get(resource, key, sqlite=self.sqlite)
        with database_errors(), self._raw(connection) as conn, contextlib.closing(conn.cursor()) as cursor:
            self.run(cursor, plan)
            rows = [
                dict(zip(resource.field_names, row, strict=True))
                for row in self.convert_rows(resource.name, cursor.fetchall())
            ]
        if not rows:
            raise NotFound(f"no {resource.singular} with id {'/'.join(map(str, key))!r}")
        self._expand(resource, rows, tuple(expand), connection)
        return rows[0]

    def _raw(self, connection: Connection | None) -> contextlib.AbstractContextManager[Any]:
        """A DBAPI connection for the block: the caller's, the one lent to this task (both
        left open), or one from the pool, returned after."""
        if connection is not None:
            return contextlib.nullcontext(connection.connection)
        if (lent_connection := lent()) is not None:
            return contextlib.nullcontext(lent_connection)
        return contextlib.closing(self.engine.raw_connection())

    def get_many(self, resource_name: str, ids: Sequence[str]) -> dict[str, Row]:
        """Records by id, for loaders; missing ids are simply absent. On the lent
        connection when there is one (a quick read)."""
        resource = RESOURCES[resource_name]
        unique = builtins.list(dict.fromkeys(ids))
        names = resource.field_names
        at = names.index("id")
        convert = self._converters[resource_name]
        out: dict[str, Row] = {}
        with database_errors(), self._raw(None) as conn, contextlib.closing(conn.cursor()) as cursor:
            for start in range(0, len(unique), IN_CHUNK):
                self.run(cursor, records_plan(resource, unique[start : start + IN_CHUNK], sqlite=self.sqlite))
                for values in convert(cursor.fetchall()):
                    out[values[at]] = dict(zip(names, values, strict=True))
        return out

    def stream_tuples(
        self, query: ListQuery, *, limit: int | None = None
    ) -> tuple[tuple[str, ...], Iterator[Rows]]:
        """Every row after the query's cursor (``limit`` rows at most), in batches of
        converted rows: flat memory whatever the size."""
        resource = validate(query)
        plan = self._stream_plan(resource, query, limit, None)
        convert = self._converters[resource.name]
        return resource.field_names, (convert(batch) for batch in self._batches(plan))

    def stream_text(self, query: ListQuery, fmt: str, *, limit: int | None = None) -> Iterator[bytes] | None:
        """The same rows as ``stream_tuples``, as CSV lines (no header) or NDJSON, spelled
        by the database (``api.query.sql.sqlite_paths``), in encoded batches. None when this
        engine or these fields cannot be rendered there: the caller renders in Python."""
        resource = validate(query)
        fields = query.fields if query.fields is not None else resource.field_names
        if not self.fast or query.expand or fmt not in FORMATS or not renders_in_sql(resource, fields):
            return None
        plan = self._stream_plan(resource, query, limit, (fmt, fields))
        batches = self._batches(plan, _TEXT_BATCH)
        return (b"".join([line for (line,) in batch]) for batch in batches)

    def _stream_plan(
        self,
        resource: Resource,
        query: ListQuery,
        limit: int | None,
        render: tuple[str, tuple[str, ...]] | None,
    ) -> Plan:
        after = self._after(query, self.fingerprint(query), len(effective_sort(resource, query.sort)))
        stored = render is not None and resource.name in self.stored_records()
        return plan_stream(
            resource, query, sqlite=self.sqlite, after_values=after, limit=limit, render=render, stored=stored
        )

    def _batches(self, plan: Plan, size: int = _STREAM_BATCH) -> Iterator[Sequence[Any]]:
        """The plan's rows as the driver gives them, ``_STREAM_BATCH`` at a time, on one
        connection held for the whole stream."""
        refuse_on_lent("a stream")
        with database_errors():
            conn = self.engine.raw_connection()
            try:
                cursor = conn.cursor()
                self.run(cursor, plan)
                while batch := cursor.fetchmany(size):
                    yield batch
                cursor.close()
            finally:
                conn.close()

    def _after(self, query: ListQuery, fp: str, arity: int) -> builtins.list[Any] | None:
        if query.cursor is None:
            return None
        return decode_cursor(query.cursor, key=self.cursor_key(), query_fingerprint=fp, arity=arity)

    def fingerprint(self, query: ListQuery) -> str:
        """What ties a cursor to its listing (filters, order, search, as-of; not the page)."""
        return query.derived("fingerprint", listing_fingerprint)

    # -- children: expansions and GraphQL loaders -----------------------------------

    def children(
        self, relation: str, resource_name: str, ids: Sequence[str], connection: Connection | None = None
    ) -> dict[str, builtins.list[Row]]:
        """``sources``, ``votes`` or ``actors`` of many records at once, in one statement per
        ``IN_CHUNK`` ids; on the lent connection when there is one (a quick read)."""
        out: dict[str, builtins.list[Row]] = defaultdict(list)
        unique = builtins.list(dict.fromkeys(ids))
        with database_errors(), self._raw(connection) as conn, contextlib.closing(conn.cursor()) as cursor:
            for start in range(0, len(unique), IN_CHUNK):
                plan, names, parent = child_plan(
                    relation, resource_name, unique[start : start + IN_CHUNK], sqlite=self.sqlite
                )
                self.run(cursor, plan)
                raw = cursor.fetchall()
                at = names.index(parent)
                if relation == "sources":  # records of a resource: its converter
                    values = self._converters["sources"]([r[1:] for r in raw])
                    fields = names[1:]
                    for row, converted in zip(raw, values, strict=True):
                        out[row[at]].append(dict(zip(fields, converted, strict=True)))
                    continue
                for row in raw:
                    pairs = zip(names, row, strict=True)
                    out[row[at]].append({n: wire_value(v) for n, v in pairs if n != parent})
        return out

    def _expand(
        self,
        resource: Resource,
        rows: builtins.list[Row],
        expand: tuple[str, ...],
        connection: Connection | None = None,
    ) -> None:
        if not rows:
            return
        for relation in expand:
            found = self.children(relation, resource.name, [r["id"] for r in rows], connection)
            for row in rows:
                row[relation] = found.get(row["id"], [])

    # -- execution --------------------------------------------------------------------

    def fetch_all(self, plan: Plan) -> builtins.list[Any]:
        """Every row of ``plan``, as the driver gives them, on the lent connection or a
        pooled one (batched child pages, groups)."""
        with database_errors(), self._raw(None) as conn, contextlib.closing(conn.cursor()) as cursor:
            self.run(cursor, plan)
            return builtins.list(cursor.fetchall())

    def run(self, cursor: Any, plan: Plan) -> None:
        """Executes ``plan`` on a DBAPI cursor (``api.query.sql.statements``)."""
        self.statements.run(cursor, plan)

    def convert_rows(self, resource_name: str, raw: Sequence[Sequence[Any]]) -> Rows:
        """Driver rows of a resource's fields (then any computed columns) as wire values."""
        return self._converters[resource_name](raw)


@functools.lru_cache(maxsize=512)
def _key_converter(resource: str, keys: tuple[SortKey, ...]) -> Callable[[Sequence[Any]], Rows]:
    """SQLite's sort-key columns of a rendered page to wire values (for its cursor)."""
    return wire_converter([RESOURCES[resource].field(k.field) for k in keys], sqlite=True)


@functools.lru_cache(maxsize=512)
def _exact(resource: str, fields: tuple[str, ...]) -> bool:
    return renders_in_sql(RESOURCES[resource], fields)
