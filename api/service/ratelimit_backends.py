"""Where rate-limit counters live: in this process's memory, or in Redis so that every
worker and every machine draws on one budget per client.

Both count in fixed windows of ``window`` seconds aligned on the clock: a request of
``cost`` points is allowed while the window's total stays within ``limit``, and a refused
request spends nothing. The Redis backend does the check and the increment in one Lua
script, so concurrent workers cannot overspend.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["Decision", "MemoryBackend", "RateLimitBackend", "RedisBackend", "make_backend", "window_of"]

log = logging.getLogger("peaceops.ratelimit")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset: int  # seconds until the window ends, at least 1


class RateLimitBackend(Protocol):
    async def spend(self, key: str, cost: int, *, limit: int, window: int) -> Decision | None:
        """Spend ``cost`` points of ``key``'s budget; ``None`` when the store is unreachable
        (the request is then let through: limiting fails open, serving does not stop)."""
        ...

    async def close(self) -> None: ...


def window_of(window: int, now: float | None = None) -> tuple[int, int]:
    """The current window's index and the whole seconds left in it (at least 1)."""
    now = time.time() if now is None else now
    index = int(now // window)
    return index, max(1, math.ceil((index + 1) * window - now))


class MemoryBackend:
    """Counters in a dict: exact for one process; with N workers each has its own budget."""

    _MAX_KEYS = 100_000

    def __init__(self) -> None:
        self._counts: dict[str, tuple[int, int]] = {}

    async def spend(self, key: str, cost: int, *, limit: int, window: int) -> Decision | None:
        index, reset = window_of(window)
        seen_index, used = self._counts.get(key, (index, 0))
        if seen_index != index:
            used = 0
        if used + cost > limit:
            return Decision(False, limit, max(0, limit - used), reset)
        if len(self._counts) >= self._MAX_KEYS:
            self._counts = {k: v for k, v in self._counts.items() if v[0] == index}
        self._counts[key] = (index, used + cost)
        return Decision(True, limit, limit - used - cost, reset)

    async def close(self) -> None:
        self._counts.clear()


_SPEND = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local cost = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
if used + cost > limit then
  return {0, used}
end
used = redis.call('INCRBY', KEYS[1], cost)
if used == cost then
  redis.call('EXPIRE', KEYS[1], ARGV[3])
end
return {1, used}
"""


class RedisBackend:
    """Counters in Redis (``PEACEOPS_REDIS_URL``), one key per client and window."""

    def __init__(self, url: str, *, prefix: str = "peaceops:rl") -> None:
        import redis.asyncio as redis

        self._redis: Any = redis.Redis.from_url(
            url, socket_timeout=0.5, socket_connect_timeout=0.5, health_check_interval=30
        )
        self._script: Any = self._redis.register_script(_SPEND)
        self._prefix = prefix
        self._warned_at = 0.0

    async def spend(self, key: str, cost: int, *, limit: int, window: int) -> Decision | None:
        index, reset = window_of(window)
        try:
            allowed, used = await self._script(
                keys=[f"{self._prefix}:{window}:{index}:{key}"], args=[cost, limit, window + 1]
            )
        except Exception as exc:  # any Redis failure: serve unlimited rather than not at all
            now = time.monotonic()
            if now - self._warned_at > 10:
                self._warned_at = now
                log.warning("rate-limit store unreachable, limiting is off until it answers: %s", exc)
            return None
        used = int(used)
        if not allowed:
            return Decision(False, limit, max(0, limit - used), reset)
        return Decision(True, limit, max(0, limit - used), reset)

    async def close(self) -> None:
        await self._redis.aclose()


def make_backend(redis_url: str | None) -> RateLimitBackend:
    """Redis when a URL is configured, this process's memory otherwise."""
    return RedisBackend(redis_url) if redis_url else MemoryBackend()
