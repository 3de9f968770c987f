"""The dataset version: a content hash of every record, changing exactly when the data does.

The version is a sum, modulo 2**128, of one hash per data row (of the row's table, the
table's column names and the row's values as engine-neutral values: ISO dates, booleans,
enum strings, numbers) and one hash per data table (of its name and column names),
written as 32 hex digits. The search index and the state row itself are derived, and the
curation bookkeeping (keys, revisions, idempotency records, record versions and
timestamps) is not the dataset: all are left out.

A sum of row hashes depends only on which rows there are, not on their order or on how
they came to be: the same data has the same version however it was reached (a write that
is undone brings the earlier version back), SQLite and PostgreSQL give the same, and an
export imported elsewhere gives the same. And it can be kept up to date from the rows a
write touches alone: ``record_change(conn, table, id)`` around the write of one record
subtracts the hashes of that record's rows (its own row and its child rows: citations,
votes, actors) as they were and adds them as they are, so a curation write costs the size
of its record, not of the dataset. (Hashing the whole dataset took 49 s at 1M events.)

``compute_dataset_version(conn)`` hashes everything (linear in the data): the seed loader
and the import store its result with ``refresh_dataset_version``. The version is stored in
the ``dataset_state`` row with id 1, inside the writer's transaction, with the row with
id 2 naming the scheme (``SCHEME``): a database whose stored version was made another way
(before this scheme) is hashed in full at its next write, and kept up to date from then
on. Readers never hash: they read the row (``read_dataset_version``), which every worker
process sees alike, and the Store keeps it for a second so that a list response costs no
extra statement.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
from collections.abc import Iterator
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import api.models  # noqa: F401  (registers every table)
from api.models import CHILD_PARENT
from api.query.sql.stored_version import STATE_ID as _STATE_ID
from api.query.sql.stored_version import note_write, read_dataset_version

__all__ = [
    "DERIVED_TABLES",
    "SCHEME",
    "compute_dataset_version",
    "read_dataset_version",
    "record_change",
    "refresh_dataset_version",
    "store_version_if_missing",
]

DERIVED_TABLES = frozenset({"search_document", "dataset_state"})
# Curation bookkeeping: who wrote what and when is not the dataset itself.
BOOKKEEPING_TABLES = frozenset({"api_key", "revision", "idempotency_record"})
BOOKKEEPING_COLUMNS = frozenset({"version", "created_at", "updated_at"})
SCHEME = "row-sum-128/1"  # how the stored version was made; stored in the row _SCHEME_ID
_SCHEME_ID = 2
_MODULUS = 1 << 128


def _state() -> sa.Table:
    return SQLModel.metadata.tables["dataset_state"]


def data_tables() -> list[sa.Table]:
    """The tables that hold the dataset, by name."""
    return [
        t
        for name, t in sorted(SQLModel.metadata.tables.items())
        if name not in DERIVED_TABLES and name not in BOOKKEEPING_TABLES
    ]


def content_columns(table: sa.Table) -> list[sa.Column[Any]]:
    """The columns that hold data, without the write bookkeeping (versions, timestamps)."""
    return [c for c in table.columns if c.name not in BOOKKEEPING_COLUMNS]


def neutral(column: sa.Column[Any], value: Any) -> Any:
    """A column value as both engines give it back alike."""
    if value is None:
        return None
    if isinstance(column.type, sa.Boolean):
        return bool(value)
    value = getattr(value, "value", value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(column.type, sa.Float):
        return float(value)
    return value


def key_first(table: sa.Table) -> list[sa.Column[Any]]:
    """The table's columns, its primary key first: the column order of an export."""
    key = list(table.primary_key.columns)
    return key + [c for c in content_columns(table) if c not in key]


def table_rows(
    conn: Connection, table: sa.Table, columns: list[sa.Column[Any]] | None = None
) -> Iterator[list[Any]]:
    """The rows of ``table`` in primary-key order, as neutral values (of ``columns``, by
    default all in table order)."""
    columns = columns or content_columns(table)
    order = list(table.primary_key.columns) or columns
    for raw in conn.execute(sa.select(*columns).order_by(*order)):
        yield [neutral(c, v) for c, v in zip(columns, raw, strict=True)]


# -- the hashes ---------------------------------------------------------------------


@functools.cache
def _prefix(table_name: str) -> bytes:
    """What every hash of the table starts from: its name and content column names."""
    table = SQLModel.metadata.tables[table_name]
    return hashlib.sha256(orjson.dumps([table.name, [c.name for c in content_columns(table)]])).digest()


def _number(digest: bytes) -> int:
    return int.from_bytes(digest[:16], "big")


def _table_term(table: sa.Table) -> int:
    return _number(hashlib.sha256(b"table" + _prefix(table.name)).digest())


def _rows_sum(conn: Connection, table: sa.Table, where: sa.ColumnElement[bool] | None = None) -> int:
    """The sum of the hashes of the table's rows (those matching ``where``)."""
    columns = content_columns(table)
    query = sa.select(*columns)
    if where is not None:
        query = query.where(where)
    base = hashlib.sha256(b"row" + _prefix(table.name))
    total = 0
    for raw in conn.execute(query):
        digest = base.copy()
        digest.update(orjson.dumps([neutral(c, v) for c, v in zip(columns, raw, strict=True)]))
        total += _number(digest.digest())
    return total


def _hex(total: int) -> str:
    return f"{total % _MODULUS:032x}"


def compute_dataset_version(conn: Connection) -> str:
    """The version of the data as it is, from every row."""
    return _hex(sum(_table_term(table) + _rows_sum(conn, table) for table in data_tables()))


# -- one record's rows ----------------------------------------------------------------


@functools.cache
def _record_parts(table_name: str) -> tuple[tuple[sa.Table, str], ...]:
    """The rows that make one record of ``table_name``, as (table, column holding the
    record's id): its own row, and the child rows the seed writer replaces with it."""
    tables = SQLModel.metadata.tables
    parent = tables[table_name]
    parts = [(parent, "id")]
    for child_name, parent_name in sorted(CHILD_PARENT.items()):
        if parent_name != table_name:
            continue
        child = tables[child_name]
        [column] = [c.name for c in child.columns if any(fk.column is parent.c.id for fk in c.foreign_keys)]
        parts.append((child, column))
    return tuple(parts)


def _record_sum(conn: Connection, table_name: str, record_id: str) -> int:
    return sum(
        _rows_sum(conn, table, table.c[column] == record_id) for table, column in _record_parts(table_name)
    )


@contextlib.contextmanager
def record_change(conn: Connection, table_name: str, record_id: str) -> Iterator[None]:
    """Around a write of one record (create, update or delete) that changes no data but
    that record's row and child rows: updates the stored version by the difference, in
    the caller's transaction, when the block ends without an error. The caller must hold
    the record (its row lock, or its new id) so that no one else changes those rows
    meanwhile."""
    before = _record_sum(conn, table_name, record_id)
    yield
    after = _record_sum(conn, table_name, record_id)
    if (after - before) % _MODULUS:
        _add_to_version(conn, after - before)


def _add_to_version(conn: Connection, delta: int) -> str:
    state = _state()
    # Taking the state row serializes writers here (PostgreSQL): each adds its change to
    # the version the one before it committed.
    current = read_dataset_version(conn, lock=True)
    scheme = conn.execute(sa.select(state.c.version).where(state.c.id == _SCHEME_ID)).scalar()
    if current is None or scheme != SCHEME:
        return refresh_dataset_version(conn)
    version = _hex(int(current, 16) + delta)
    conn.execute(sa.update(state).where(state.c.id == _STATE_ID).values(version=version, updated_at=_now()))
    return version


# -- the stored version -------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def refresh_dataset_version(conn: Connection) -> str:
    """Recompute the version from every row and store it, in the caller's transaction;
    returns it. Writes nothing when it has not changed.

    The state row is locked before the data is hashed: on PostgreSQL (read committed) a
    writer that has to wait for another's lock then hashes with the other's change
    committed and visible, instead of storing a hash of data that no longer stands.
    (SQLite's writers already run one at a time.)"""
    state = _state()
    current = read_dataset_version(conn, lock=True)
    version = compute_dataset_version(conn)
    now = _now()
    if current is None:
        conn.execute(sa.insert(state).values(id=_STATE_ID, version=version, updated_at=now))
    elif current != version:
        conn.execute(sa.update(state).where(state.c.id == _STATE_ID).values(version=version, updated_at=now))
    if current != version:
        note_write(conn)
    scheme = conn.execute(sa.select(state.c.version).where(state.c.id == _SCHEME_ID)).scalar()
    if scheme is None:
        conn.execute(sa.insert(state).values(id=_SCHEME_ID, version=SCHEME, updated_at=now))
    elif scheme != SCHEME:
        conn.execute(sa.update(state).where(state.c.id == _SCHEME_ID).values(version=SCHEME, updated_at=now))
    return version


def store_version_if_missing(conn: Connection) -> None:
    """Hash and store the version of a database that holds data but no stored version (a
    migration that changed the data's shape drops it; ``peaceops db upgrade`` calls this)."""
    if read_dataset_version(conn) is not None:
        return
    if any(conn.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first() for t in data_tables()):
        refresh_dataset_version(conn)
