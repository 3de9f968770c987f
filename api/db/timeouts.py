"""Statement time limits on both engines, and how to tell that a statement was cancelled.

- PostgreSQL: ``statement_timeout`` is a connection option (``connect_options``); the
  server cancels a statement past it (SQLSTATE 57014, psycopg's ``QueryCanceled``).
- SQLite has no server to cancel anything, so every connection is a ``TimedConnection``:
  each call into the engine (``execute``, ``fetch*``) arms a deadline, and a progress
  handler, run every ``_PROGRESS_STEPS`` virtual-machine instructions, aborts the running
  statement past it (``sqlite3.OperationalError: interrupted``). The Store reads through
  raw DBAPI cursors, so the limit lives on the connection, not in SQLAlchemy events.

A deadline per call rather than per statement keeps a CSV stream to a slow client alive:
the time a client takes to read a batch is not the database's time.
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
import time
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["TimedConnection", "TimedCursor", "is_timeout", "postgres_connect_args"]

_PROGRESS_STEPS = 1000
_QUERY_CANCELED = "57014"


class TimedConnection(sqlite3.Connection):
    """A sqlite3 connection whose statements stop at ``statement_timeout`` seconds."""

    statement_timeout: float | None = None
    _deadline: float = math.inf
    _span_deadline: float | None = None  # one deadline for a span of calls (``span``)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_progress_handler(self._past_deadline, _PROGRESS_STEPS)

    def arm(self) -> None:
        if self._span_deadline is not None:
            self._deadline = self._span_deadline
            return
        timeout = self.statement_timeout
        self._deadline = math.inf if timeout is None else time.monotonic() + timeout

    @contextlib.contextmanager
    def span(self, seconds: float) -> Iterator[None]:
        """Every call in the block shares one deadline, ``seconds`` from now (quick reads,
        ``api.access.quick``), instead of a statement time limit each."""
        self._span_deadline = time.monotonic() + seconds
        try:
            yield
        finally:
            self._span_deadline = None

    def _past_deadline(self) -> int:
        return 1 if time.monotonic() > self._deadline else 0

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or TimedCursor)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)


class TimedCursor(sqlite3.Cursor):
    """Arms its connection's deadline before every call that runs the engine."""

    def _arm(self) -> None:
        connection = self.connection
        if isinstance(connection, TimedConnection):
            connection.arm()

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        self._arm()
        return super().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> Any:
        self._arm()
        return super().executemany(sql, seq_of_parameters)

    def executescript(self, sql_script: str, /) -> Any:
        self._arm()
        return super().executescript(sql_script)

    def fetchone(self) -> Any:
        self._arm()
        return super().fetchone()

    def fetchmany(self, size: int | None = None) -> list[Any]:
        self._arm()
        return super().fetchmany(self.arraysize if size is None else size)

    def fetchall(self) -> list[Any]:
        self._arm()
        return super().fetchall()


def postgres_connect_args(*, statement_timeout: float, connect_timeout: int) -> dict[str, Any]:
    """psycopg connect arguments: the server-side statement timeout and a connect timeout,
    so that neither a runaway query nor an unreachable server holds a request."""
    millis = max(1, round(statement_timeout * 1000))
    return {"options": f"-c statement_timeout={millis}", "connect_timeout": connect_timeout}


def is_timeout(exc: BaseException) -> bool:
    """True when the database cancelled a statement for running past its time limit."""
    if isinstance(exc, sqlite3.OperationalError):
        return str(exc) == "interrupted"
    return getattr(exc, "sqlstate", None) == _QUERY_CANCELED
