"""A connection a caller lends the Store for the reads of one block.

The Store reads on a connection from the engine's pool, unless its caller lent it one
(``lend``): the access layer lends a quick read's own connection, which runs on the event
loop under a budget of database time (``api.access.quick``). A read that would need the
pool there (an expansion, a batch of child rows, a stream) must not wait for it on the
event loop: it raises ``NeedsThread`` before it starts, and its caller runs it again on a
database thread, where nothing is lent. The lent connection is a context variable, so it
stays with the task that lent it and never leaks to another request.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

__all__ = ["NeedsThread", "lend", "lent", "refuse_on_lent"]

_LENT: contextvars.ContextVar[Any | None] = contextvars.ContextVar("peaceops_lent_connection", default=None)


class NeedsThread(Exception):
    """A read cannot run on the connection it was lent: run it on a database thread."""


@contextlib.contextmanager
def lend(connection: Any) -> Iterator[None]:
    """The Store's reads in the block use ``connection`` (a DBAPI connection)."""
    token = _LENT.set(connection)
    try:
        yield
    finally:
        _LENT.reset(token)


def lent() -> Any | None:
    """The connection lent to this task's reads, if any."""
    return _LENT.get()


def refuse_on_lent(what: str) -> None:
    """Called where a read needs the pool: not while a connection is lent."""
    if _LENT.get() is not None:
        raise NeedsThread(what)
