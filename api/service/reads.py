"""Where a Store read runs: first on the event loop as a quick read (``api.query.quick``),
within the store's budget of database time; on a database thread when it is cut, needs
the pool, or quick reads are off (PostgreSQL, ``PEACEOPS_QUICK_READ_MS=0``)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from api.query import Store
from api.query.quick import OverBudget

__all__ = ["read"]

_T = TypeVar("_T")


async def read(
    store: Store, fn: Callable[..., _T], *args: Any, slow_key: Hashable | None = None, **kwargs: Any
) -> _T:
    """``fn(*args, **kwargs)``, a read of ``store``'s, run where it is cheapest.
    ``slow_key`` names the read for remembering it as slow (``QuickReads.worth_trying``)."""
    quick = store.quick
    if quick.worth_trying(slow_key):
        try:
            with quick.run():
                result = fn(*args, **kwargs)
        except OverBudget:
            quick.note(slow_key, cut=True)
        else:
            quick.note(slow_key, cut=False)
            return result
    return await run_in_threadpool(functools.partial(fn, *args, **kwargs))
