"""Where a Store read runs: first on the event loop as a quick read (``api.query.quick``),
within the store's budget of database time; on a database thread when it is cut, needs
the pool, or quick reads are off (PostgreSQL, ``PEACEOPS_QUICK_READ_MS=0``)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from api.query import Store
from api.query.quick import OverBudget

__all__ = ["read"]

_T = TypeVar("_T")


async def read(store: Store, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """``fn(*args, **kwargs)``, a read of ``store``'s, run where it is cheapest."""
    if store.quick.enabled:
        try:
            with store.quick.run():
                return fn(*args, **kwargs)
        except OverBudget:
            pass
    return await run_in_threadpool(functools.partial(fn, *args, **kwargs))
