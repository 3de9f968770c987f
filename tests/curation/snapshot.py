"""A database that can be put back, whole, to the state it had when it was snapshotted.

Stateful property tests need it: Hypothesis replays a prefix of an earlier example and
expects the same rules to be enabled, so every example must start from the same data.

SQLite: the pristine copy is a file beside the database, written and restored with the
sqlite3 backup API (SQLite's own locking and WAL; the app's pool is disposed anyway), so
the restored database is the snapshot page for page. PostgreSQL: the pristine copy is a
schema of its own in the same database, with a copy of every table; a restore empties the
live tables (children first), copies the rows back (parents first) and sets every sequence
back, in one transaction of about 30 ms. (Recreating the database from a template took
0.1 to 0.4 s a time, mostly waiting for the app's closed sessions to end.) Either way rows,
autoincrement counters and sequences come back as they were, and the app's connections
stay open on PostgreSQL. What a PostgreSQL restore does not reproduce is where rows lie
on disk, which only an unordered query could see.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

import api.models  # noqa: F401  (registers every table, for the dependency order)

__all__ = ["DatabaseSnapshot"]

_PRISTINE = "peaceops_pristine"  # the PostgreSQL schema that holds the copy
_UNTOUCHED = frozenset({"alembic_version"})  # the app never writes it


class DatabaseSnapshot:
    def __init__(self, url: str) -> None:
        self.url = sa.engine.make_url(url)
        self.sqlite = self.url.get_backend_name() == "sqlite"
        self._engine: Engine | None = None  # PostgreSQL: our own connection to the database
        self._tables: list[tuple[str, list[str]]] = []  # (table, copied columns), parents first
        self._sequences: list[tuple[str, int, bool]] = []  # (name, last_value, is_called)

    @property
    def _live(self) -> Path:
        return Path(self.url.database or "")

    @property
    def _pristine(self) -> Path:
        return self._live.with_name(self._live.name + ".pristine")

    def take(self) -> None:
        """Copy the database as it is now."""
        if self.sqlite:
            _sqlite_copy(self._live, self._pristine)
            return
        self._engine = sa.create_engine(self.url, poolclass=sa.pool.StaticPool)
        with self._engine.begin() as conn:
            self._tables = _postgres_tables(conn)
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {_PRISTINE} CASCADE")
            conn.exec_driver_sql(f"CREATE SCHEMA {_PRISTINE}")
            for table, columns in self._tables:
                listed = ", ".join(f'"{c}"' for c in columns)
                conn.exec_driver_sql(
                    f'CREATE TABLE {_PRISTINE}."{table}" AS SELECT {listed} FROM public."{table}"'
                )
            names = conn.exec_driver_sql(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
            ).scalars()
            for name in list(names):
                last, called = conn.exec_driver_sql(
                    f'SELECT last_value, is_called FROM public."{name}"'
                ).one()
                self._sequences.append((name, last, called))

    def restore(self, engine: Engine) -> None:
        """Put the snapshot back. ``engine`` is the app's: none of its connections may be
        in a transaction (on SQLite its pool is emptied)."""
        if self.sqlite:
            engine.dispose()
            _sqlite_copy(self._pristine, self._live)
            return
        assert self._engine is not None, "take() first"
        with self._engine.begin() as conn:
            # DELETE, children first: TRUNCATE makes new files for every table and index
            # and took 0.1 s; the rows are a few thousand.
            for table, _ in reversed(self._tables):
                conn.exec_driver_sql(f'DELETE FROM public."{table}"')
            for table, columns in self._tables:
                listed = ", ".join(f'"{c}"' for c in columns)
                conn.exec_driver_sql(
                    f'INSERT INTO public."{table}" ({listed}) SELECT {listed} FROM {_PRISTINE}."{table}"'
                )
            for name, last, called in self._sequences:
                conn.execute(
                    sa.text("SELECT setval(:seq, :last, :called)"),
                    {"seq": f'public."{name}"', "last": last, "called": called},
                )

    def drop(self) -> None:
        """Remove the pristine copy."""
        if self.sqlite:
            self._pristine.unlink(missing_ok=True)
            return
        if self._engine is not None:
            with self._engine.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {_PRISTINE} CASCADE")
            self._engine.dispose()


def _postgres_tables(conn: Connection) -> list[tuple[str, list[str]]]:
    """The tables of the public schema with their writable (not generated) columns, those
    the models know in dependency order (parents first), then any other."""
    rows = conn.exec_driver_sql(
        "SELECT c.table_name, c.column_name FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_schema, table_name) "
        "WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER' "
        "ORDER BY c.table_name, c.ordinal_position"
    ).all()
    columns: dict[str, list[str]] = {}
    for table, column in rows:
        if table not in _UNTOUCHED:
            columns.setdefault(table, []).append(column)
    order = [t.name for t in SQLModel.metadata.sorted_tables if t.name in columns]
    order += sorted(set(columns) - set(order))
    return [(table, columns[table]) for table in order]


def _sqlite_copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
