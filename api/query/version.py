"""The dataset version: a content hash of every record, changing exactly when the data does.

``refresh_dataset_version(conn)`` hashes the data tables and stores the hash in the
``dataset_state`` row, inside the caller's transaction: the seed loader calls it after
writing, and so must every write (the curation API). Readers never hash: they read the row
(``read_dataset_version``), which every worker process sees alike, and the Store keeps it
for a second so that a list response costs no extra statement.

The hash covers each data table's rows, in primary-key order, as engine-neutral values
(ISO dates, booleans, enum strings, numbers), so SQLite and PostgreSQL holding the same
data give the same version. The search index and the state row itself are derived, and
left out. Hashing the Haiti dataset takes a few milliseconds; it is linear in the data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import api.models  # noqa: F401  (registers every table)

__all__ = ["DERIVED_TABLES", "compute_dataset_version", "read_dataset_version", "refresh_dataset_version"]

DERIVED_TABLES = frozenset({"search_document", "dataset_state"})
# Curation bookkeeping: who wrote what and when is not the dataset itself.
BOOKKEEPING_TABLES = frozenset({"api_key", "revision", "idempotency_record"})
BOOKKEEPING_COLUMNS = frozenset({"version", "created_at", "updated_at"})
_STATE_ID = 1


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


def compute_dataset_version(conn: Connection) -> str:
    digest = hashlib.sha256()
    for table in data_tables():
        digest.update(orjson.dumps([table.name, [c.name for c in content_columns(table)]]))
        for row in table_rows(conn, table):
            digest.update(orjson.dumps(row))
    return digest.hexdigest()[:32]


def read_dataset_version(conn: Connection, *, lock: bool = False) -> str | None:
    """The stored version; ``lock`` takes the state row until the transaction ends (a
    writer's ``SELECT ... FOR UPDATE``; nothing on SQLite)."""
    state = _state()
    query = sa.select(state.c.version).where(state.c.id == _STATE_ID)
    found: str | None = conn.execute(query.with_for_update() if lock else query).scalar()
    return found


def refresh_dataset_version(conn: Connection) -> str:
    """Recompute the version and store it, in the caller's transaction; returns it. Writes
    nothing when it has not changed.

    The state row is locked before the data is hashed: on PostgreSQL (read committed) a
    writer that has to wait for another's lock then hashes with the other's change
    committed and visible, instead of storing a hash of data that no longer stands.
    (SQLite's writers already run one at a time.)"""
    state = _state()
    current = read_dataset_version(conn, lock=True)
    version = compute_dataset_version(conn)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    if current is None:
        conn.execute(sa.insert(state).values(id=_STATE_ID, version=version, updated_at=now))
    elif current != version:
        conn.execute(sa.update(state).where(state.c.id == _STATE_ID).values(version=version, updated_at=now))
    return version
