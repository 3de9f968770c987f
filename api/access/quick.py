"""Quick reads: a Store read run on the caller's own thread (the event loop) under a
short budget of database time, instead of a hop to a database thread. The policy is the
access layer's (``api.access``): the Store only reads on the connection it is lent.

On SQLite a page read in index order takes a fraction of a millisecond, less than the
hop to a thread and back costs under load (the GIL handed over twice per request). So a
read first runs where it is asked, on a connection of that thread's own, with the budget
as its deadline: SQLite's progress handler (``api.db.timeouts``) interrupts a
statement past it, and the read raises ``OverBudget``; the caller then runs it again on
a database thread, with the full statement time limit. A slow read therefore holds the
event loop for the budget at most, once.

A read cut twice running is remembered as slow for ``_SLOW_FOR`` seconds (by a key the
caller gives, the query's fingerprint): it goes straight to a thread instead of spending
the budget again. Once is not enough, since the first read of a listing also counts it
(and the count is then cached), and a read that later fits its budget is forgotten.

Reads that would take a connection from the pool (expansions, GraphQL loaders, a dataset
version to hash) raise ``NeedsThread`` before they start (``api.query.lent``): the pool
may make a caller wait, and the event loop must not wait. For the same reason a thread's
quick connection comes from a pool of its own (the engine's pool recreated: the same
connect settings), never from the engine's, which streams to slow clients can hold for
minutes. PostgreSQL reads
always go to a thread (the network, not the engine, is their cost), as do all reads when
the budget is 0.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
import weakref
from collections.abc import Hashable, Iterator
from typing import Any

from sqlalchemy.engine import Engine

from api.db import database_errors
from api.db.timeouts import TimedConnection, is_timeout
from api.query.lent import NeedsThread, lend

__all__ = ["OverBudget", "QuickReads"]

_SLOW_FOR = 30.0  # seconds a read cut twice running goes straight to a thread
_MAX_SLOW = 1024  # keys remembered at most (a flood of odd queries must not grow memory)


class OverBudget(Exception):
    """A quick read ran past its budget, or needs what a quick read may not use."""


class QuickReads:
    """Per-thread connections and the budget of one Store's quick reads."""

    def __init__(self, engine: Engine, budget: float) -> None:
        self.engine = engine
        self.budget = budget if _file_backed_sqlite(engine) else 0.0
        # Connections are taken from it and detached at once: it never runs short.
        self._pool = engine.pool.recreate() if self.budget > 0 else None
        self._local = threading.local()
        self._open: weakref.WeakSet[Any] = weakref.WeakSet()
        self._cuts: dict[Hashable, tuple[int, float]] = {}  # key: (cuts running, last cut)

    @property
    def enabled(self) -> bool:
        return self.budget > 0

    def connection(self) -> TimedConnection:
        """This thread's quick connection (opened through the engine, so with its pragmas)."""
        conn: TimedConnection | None = getattr(self._local, "conn", None)
        if conn is None:
            if self._pool is None:
                raise OverBudget("quick reads are off")
            proxied = self._pool.connect()
            proxied.detach()  # ours for the thread's life, not the pool's
            conn = proxied.dbapi_connection  # type: ignore[assignment]
            if not isinstance(conn, TimedConnection):
                raise TypeError("quick reads need the engine's TimedConnection")
            self._local.conn = conn
            self._open.add(conn)
        return conn

    def worth_trying(self, key: Hashable | None) -> bool:
        """Whether a read should start as a quick read: quick reads are on, and the read
        under ``key`` has not been cut twice running in the last ``_SLOW_FOR`` seconds."""
        if not self.enabled:
            return False
        cuts, at = self._cuts.get(key, (0, 0.0))
        return cuts < 2 or time.monotonic() - at > _SLOW_FOR

    def note(self, key: Hashable | None, *, cut: bool) -> None:
        """Records how a quick read under ``key`` ended."""
        if key is None:
            return
        if not cut:
            self._cuts.pop(key, None)
            return
        if len(self._cuts) >= _MAX_SLOW:
            self._cuts.clear()
        cuts, _ = self._cuts.get(key, (0, 0.0))
        self._cuts[key] = (cuts + 1, time.monotonic())

    @contextlib.contextmanager
    def run(self) -> Iterator[None]:
        """The block's reads use this thread's quick connection, all of them together
        within the budget; ``OverBudget`` when they are cut."""
        if not self.enabled:
            raise OverBudget("quick reads are off")
        with database_errors():  # the database cannot be opened: a 503, as from the pool
            conn = self.connection()
        started = time.monotonic()
        try:
            with conn.span(self.budget), lend(conn):
                yield
        except NeedsThread as exc:
            raise OverBudget(str(exc)) from exc
        except Exception as exc:
            if _cut(exc, time.monotonic() - started >= self.budget):
                raise OverBudget("past the quick budget") from exc
            raise

    def close(self) -> None:
        """Closes every thread's quick connection (the app is stopping)."""
        for conn in list(self._open):
            with contextlib.suppress(Exception):
                conn.close()
        self._open = weakref.WeakSet()
        self._local = threading.local()
        if self._pool is not None:
            self._pool.dispose()


def _cut(exc: BaseException, past_budget: bool) -> bool:
    """Whether a read failed because the budget cut it: SQLite says ``interrupted``, or,
    when the interrupt lands in a statement SQLite runs for itself (FTS5 reading its
    configuration the first time a connection touches the index), the error that
    statement's failure becomes; so any SQLite error once the budget has passed."""
    cause = exc.__cause__ or exc
    if is_timeout(exc) or is_timeout(cause):
        return True
    return past_budget and isinstance(cause, sqlite3.Error)


def _file_backed_sqlite(engine: Engine) -> bool:
    """Quick reads open connections of their own: to an in-memory database each would be
    another, empty database."""
    url = engine.url
    in_memory = (url.database or "") in ("", ":memory:") or url.query.get("mode") == "memory"
    return engine.dialect.name == "sqlite" and not in_memory
