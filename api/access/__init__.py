"""The one async way into the data: every REST endpoint, GraphQL resolver, loader,
mutation and research field reaches the Store and the Curator through an ``Access``, and
nothing else calls them from the event loop.

- ``query(fn, *args)`` runs ``fn(store, *args)``, a read, where it is cheapest: first on
  the event loop as a quick read, on a connection of its own within a budget of database
  time (``api.access.quick``); on a database thread when it is cut, when it needs what a
  quick read may not use (the pool, a lock another thread holds: ``api.query.lent``), or
  when quick reads are off (PostgreSQL, whose reads cost a network round trip, and
  ``PEACEOPS_QUICK_READ_MS=0``).
- ``query_on_thread(fn, *args)`` runs a read known to need a thread (a stream).
- ``curate(fn, *args)`` runs ``fn(curator, *args)``, a write, always on a database
  thread: a write may wait for SQLite's write lock or a PostgreSQL row lock for seconds.
- ``call(fn, *args)`` runs anything else that touches the database (API-key checks,
  health checks) on a database thread.

Database threads are the default thread pool's, sized by ``PEACEOPS_DB_THREADS`` (a few
serve as well as forty and contend less for the GIL); a wait for a pooled connection
therefore happens on a thread too, never on the event loop.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Hashable
from typing import Any, Concatenate, ParamSpec, TypeVar

import anyio.to_thread
from sqlalchemy.engine import Engine

from api.access.quick import OverBudget, QuickReads
from api.curation.writes import Curator
from api.query import ListQuery, Store

__all__ = ["Access"]

_log = logging.getLogger(__name__)
_P = ParamSpec("_P")
_T = TypeVar("_T")


async def run_in_threadpool(fn: Callable[[], _T]) -> _T:
    """``fn()`` on a database thread (anyio's default thread pool; the task's context
    variables go with it)."""
    return await anyio.to_thread.run_sync(fn)


class Access:
    """The app's door to the data; one per app."""

    def __init__(self, store: Store, curator: Curator, *, quick_budget: float = 0.0) -> None:
        """``quick_budget``: seconds of database time a read may spend on the event loop
        before it is cut and run again on a database thread (0: every read on a thread)."""
        self._store = store
        self._curator = curator
        self.quick = QuickReads(store.engine, quick_budget)

    @property
    def engine(self) -> Engine:
        return self._store.engine

    async def query(
        self,
        fn: Callable[Concatenate[Store, _P], _T],
        /,
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> _T:
        """``fn(store, *args, **kwargs)``, a read, where it is cheapest. A keyword
        ``slow_key`` is not passed on: it names the read for remembering it as slow
        (``QuickReads.worth_trying``); use ``query_as``."""
        return await self.query_as(None, fn, *args, **kwargs)

    async def query_as(
        self,
        slow_key: Hashable | None,
        fn: Callable[Concatenate[Store, _P], _T],
        /,
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> _T:
        """``query``, with ``slow_key`` naming the read (a listing's fingerprint, whichever
        page): a read cut twice running goes straight to a thread for a while."""
        quick = self.quick
        if quick.worth_trying(slow_key):
            try:
                with quick.run():
                    result = fn(self._store, *args, **kwargs)
            except OverBudget:
                quick.note(slow_key, cut=True)
            else:
                quick.note(slow_key, cut=False)
                return result
        return await run_in_threadpool(functools.partial(fn, self._store, *args, **kwargs))

    async def query_on_thread(
        self,
        fn: Callable[Concatenate[Store, _P], _T],
        /,
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> _T:
        """``fn(store, *args, **kwargs)`` on a database thread: a read that is known to be
        long or to need the pool (a stream, whose statement runs and first batch is read
        before the response starts)."""
        return await run_in_threadpool(functools.partial(fn, self._store, *args, **kwargs))

    async def curate(
        self,
        fn: Callable[Concatenate[Curator, _P], _T],
        /,
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> _T:
        """``fn(curator, *args, **kwargs)``, a write, on a database thread."""
        return await run_in_threadpool(functools.partial(fn, self._curator, *args, **kwargs))

    async def call(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        """``fn(*args, **kwargs)``, anything else that touches the database, on a thread."""
        return await run_in_threadpool(functools.partial(fn, *args, **kwargs))

    async def warm(self) -> None:
        """Reads (or makes) the cursor key on a thread before the first request, so that no
        first page has to leave the event loop for it. A database that is not there yet,
        or not migrated yet (PostgreSQL then says the table is undefined, a programming
        error to the driver), is no reason not to start: ``/readyz`` says what is missing,
        and the key is read at first use instead."""
        try:
            await run_in_threadpool(self._store.cursor_key)
        except Exception as exc:  # an optimisation only: never a reason to fail startup
            _log.info("cursor key not read at startup (%s); it will be at first use", exc)

    def known_state_token(self) -> str | None:
        """The data's state token while this worker trusts the one it read (no database
        call; ``Store.state_token``)."""
        return self._store.known_state_token()

    async def state_token(self) -> str:
        """The data's state token, read when this worker no longer trusts the one it holds."""
        return await self.query(Store.state_token)

    def fingerprint(self, query: ListQuery) -> str:
        """What ties a listing's pages together (no database call)."""
        return self._store.fingerprint(query)

    def row_cursor(self, query: ListQuery, row: dict[str, Any]) -> str:
        """The cursor after a row of a page of ``query`` (a GraphQL edge's). No database
        call: the page's own read loaded the key."""
        return self._store.row_cursor(query, row)

    def forget(self) -> None:
        """The store forgets the dataset version and counts it remembers (the data was
        changed behind its back, by another process's tool or a test's restore)."""
        self._store.forget()

    def close(self) -> None:
        """Closes the quick reads' connections (the app is stopping)."""
        self.quick.close()
