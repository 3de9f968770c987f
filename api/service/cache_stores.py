"""Where the response cache keeps its answers: this worker's memory (an LRU with a byte
budget) and, when ``PEACEOPS_REDIS_URL`` is set, Redis shared by every worker and machine.

An answer is stored under a key that begins with the state token of the data it was made
from (``api.query.sql.stored_version``), so an entry never needs to be invalidated: once
the data changes no request asks for it again, and the LRU (or Redis's expiry) lets it go.
"""

from __future__ import annotations

import hashlib
import logging
import struct
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import orjson

__all__ = ["CachedAnswer", "MemoryCache", "SharedCache", "cache_key_bytes"]

log = logging.getLogger("peaceops.cache")

CacheKey = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """A 200 answer as the app gave it: status, the app's own headers (the service layer
    adds request ids, CORS and rate-limit headers to every answer, cached or not), body,
    and the route template it matched (for the metrics of a hit)."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    route: str

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(n) + len(v) for n, v in self.headers) + 128

    def etag(self) -> bytes | None:
        for name, value in self.headers:
            if name == b"etag":
                return value
        return None

    def to_bytes(self) -> bytes:
        headers = [[n.decode("latin-1"), v.decode("latin-1")] for n, v in self.headers]
        head = orjson.dumps({"s": self.status, "r": self.route, "h": headers})
        return struct.pack(">I", len(head)) + head + self.body

    @classmethod
    def from_bytes(cls, raw: bytes) -> CachedAnswer:
        (n,) = struct.unpack_from(">I", raw)
        head = orjson.loads(raw[4 : 4 + n])
        headers = tuple((k.encode("latin-1"), v.encode("latin-1")) for k, v in head["h"])
        return cls(int(head["s"]), headers, raw[4 + n :], str(head["r"]))


class MemoryCache:
    """Least recently used answers within ``budget`` bytes (bodies and headers)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.evictions = 0
        self._entries: OrderedDict[CacheKey, CachedAnswer] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: CacheKey) -> CachedAnswer | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: CacheKey, answer: CachedAnswer) -> int:
        """Keeps ``answer``; returns how many older entries it evicted."""
        size = answer.size
        if size > self.budget:
            return 0
        old = self._entries.pop(key, None)
        if old is not None:
            self.used -= old.size
        evicted = 0
        while self.used + size > self.budget and self._entries:
            _, dropped = self._entries.popitem(last=False)
            self.used -= dropped.size
            evicted += 1
        self._entries[key] = answer
        self.used += size
        self.evictions += evicted
        return evicted

    def clear(self) -> None:
        self._entries.clear()
        self.used = 0


def cache_key_bytes(key: CacheKey) -> str:
    """A key's name in Redis: a digest of its parts (their bytes, length-prefixed)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in key:
        data = part if isinstance(part, bytes) else str(part).encode()
        digest.update(struct.pack(">I", len(data)))
        digest.update(data)
    return digest.hexdigest()


class SharedCache:
    """Answers in Redis, one key each, expiring after ``ttl`` seconds (stale keys are never
    asked for again; the expiry and Redis's own ``maxmemory`` policy bound the space). A
    Redis that does not answer costs a miss, never a failed request."""

    def __init__(self, url: str, *, ttl: int = 3600, prefix: str = "peaceops:cache") -> None:
        import redis.asyncio as redis

        self._redis: Any = redis.Redis.from_url(
            url, socket_timeout=0.25, socket_connect_timeout=0.25, health_check_interval=30
        )
        self._ttl = ttl
        self._prefix = prefix
        self._warned_at = 0.0

    async def get(self, key: CacheKey) -> CachedAnswer | None:
        try:
            raw = await self._redis.get(f"{self._prefix}:{cache_key_bytes(key)}")
        except Exception as exc:  # Redis away: a miss
            self._warn(exc)
            return None
        if raw is None:
            return None
        try:
            return CachedAnswer.from_bytes(raw)
        except (ValueError, KeyError, struct.error, orjson.JSONDecodeError):
            return None

    async def put(self, key: CacheKey, answer: CachedAnswer) -> None:
        try:
            await self._redis.set(f"{self._prefix}:{cache_key_bytes(key)}", answer.to_bytes(), ex=self._ttl)
        except Exception as exc:
            self._warn(exc)

    async def close(self) -> None:
        await self._redis.aclose()

    def _warn(self, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._warned_at > 10:
            self._warned_at = now
            log.warning("shared response cache unreachable, using this worker's only: %s", exc)
