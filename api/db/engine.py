"""Engines and connections: SQLite by default, PostgreSQL when the URL says so."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from api.db.timeouts import TimedConnection, is_timeout, postgres_connect_args
from api.errors import DatabaseUnavailable, QueryTimeout
from api.settings import Settings

__all__ = [
    "WRITE_OPTION",
    "create_engine",
    "database_errors",
    "is_postgres",
    "is_sqlite",
    "unavailable",
    "without_time_limit",
    "write_transaction",
]

# An execution option: connections that carry it take SQLite's write lock when they begin.
WRITE_OPTION = _WRITE_OPTION = "peaceops_write"


def create_engine(settings: Settings) -> Engine:
    """Build the engine for ``settings.database_url``.

    SQLite gets foreign keys on, WAL journaling, a busy timeout and a statement time limit
    on every connection; PostgreSQL gets a pre-pinged pool sized from the settings, a
    connect timeout and a statement timeout. An unusable URL raises
    ``DatabaseUnavailable`` with one clear sentence.
    """
    url = settings.database_url
    try:
        parsed = sa.engine.make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(f"PEACEOPS_DATABASE_URL is not a database URL: {url!r}") from None
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = sa.create_engine(
                parsed, connect_args={"check_same_thread": False, "factory": TimedConnection}
            )
            timeout = settings.statement_timeout

            def on_connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
                _sqlite_on_connect(dbapi_connection, record)
                if isinstance(dbapi_connection, TimedConnection):
                    dbapi_connection.statement_timeout = timeout

            sa.event.listen(engine, "connect", on_connect)
            sa.event.listen(engine, "begin", _sqlite_on_begin)
        else:
            engine = sa.create_engine(
                parsed,
                pool_pre_ping=True,
                pool_size=settings.pool_size,
                max_overflow=settings.max_overflow,
                pool_timeout=settings.pool_timeout,
                connect_args=postgres_connect_args(
                    statement_timeout=settings.statement_timeout, connect_timeout=settings.connect_timeout
                ),
            )
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseUnavailable(f"unsupported database URL {url!r}: {exc}") from None
    return engine


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # SQLAlchemy, not the driver, says when transactions begin (see _sqlite_on_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")  # writers queue for the lock; see write_transaction
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    """Writes (``write_transaction``) take SQLite's write lock when they begin, so that a
    transaction that reads and then writes waits its turn (busy_timeout) instead of
    failing mid-way. Reads run in autocommit: each statement sees committed data."""
    if conn.get_execution_options().get(_WRITE_OPTION, False):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction for writes: committed on success, rolled back on any error."""
    with engine.connect().execution_options(**{_WRITE_OPTION: True}) as conn, conn.begin():
        yield conn


@contextlib.contextmanager
def without_time_limit(conn: Connection) -> Iterator[None]:
    """Lifts the statement time limit on ``conn`` for the block, inside its transaction:
    the limit guards requests, while an upgrade of a large database (migrations that fill
    a column of a million rows) may rightly take minutes."""
    if is_postgres(conn.engine):
        conn.exec_driver_sql("SET LOCAL statement_timeout = 0")  # until the transaction ends
        yield
        return
    raw = conn.connection.dbapi_connection
    if not isinstance(raw, TimedConnection):
        yield
        return
    before = raw.statement_timeout
    raw.statement_timeout = None
    try:
        yield
    finally:
        raw.statement_timeout = before


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def unavailable(exc: BaseException | None) -> DatabaseUnavailable:
    """The client-facing error for a database failure: a cancelled statement is a
    ``QueryTimeout``, anything else (refused, dropped, not migrated) ``DatabaseUnavailable``."""
    if exc is not None and is_timeout(exc):
        return QueryTimeout("the query ran past the statement time limit and was cancelled; narrow it")
    return DatabaseUnavailable("the database is not answering; try again shortly")


def database_errors() -> contextlib.AbstractContextManager[None]:
    """Turns connection-level failures, from SQLAlchemy or straight from the driver, into
    ``DatabaseUnavailable`` (or ``QueryTimeout``). Programming errors pass through: they are
    bugs, logged as such."""
    return _DATABASE_ERRORS


class _DatabaseErrors(contextlib.AbstractContextManager[None]):
    """``database_errors()``: a class, not a generator, since every read passes through it
    twice and a generator-based context manager costs microseconds a use."""

    def __exit__(self, typ: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if isinstance(exc, Exception) and (translated := _translated(exc)) is not None:
            raise translated from exc


def _translated(exc: Exception) -> Exception | None:
    """The client-facing error for ``exc``, or None when it passes through as it is."""
    if isinstance(exc, (sa.exc.OperationalError, sa.exc.InterfaceError)):
        return unavailable(exc.orig)
    if isinstance(exc, sa.exc.DBAPIError):
        return unavailable(exc.orig) if exc.connection_invalidated else None
    if isinstance(exc, sa.exc.TimeoutError):  # the pool had no connection to lend in time
        return DatabaseUnavailable("every database connection is busy; try again shortly")
    return unavailable(exc) if _is_dbapi_connection_error(exc) else None


_DATABASE_ERRORS = _DatabaseErrors()


def _is_dbapi_connection_error(exc: Exception) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        return True
    module = type(exc).__module__
    if module.startswith("psycopg"):
        import psycopg

        return isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError))
    return False
