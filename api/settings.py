"""Settings read from the environment, once, into an immutable value."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Settings"]

_DEFAULT_DB = "sqlite:///peaceops.db"


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything the app reads from its environment.

    ``PEACEOPS_DATABASE_URL``: SQLAlchemy URL; ``sqlite:///peaceops.db`` by default,
    ``postgresql+psycopg://user@host/db`` for the server engine.
    ``PEACEOPS_SEED_DIR``: the dataset loaded into an empty database on first start.
    ``PEACEOPS_PUBLIC_URL``: the base URL used in links (default: from the request).
    ``PEACEOPS_POOL_SIZE``, ``PEACEOPS_MAX_OVERFLOW``, ``PEACEOPS_POOL_TIMEOUT`` (seconds):
    each worker's PostgreSQL connection pool; ``PEACEOPS_CONNECT_TIMEOUT`` (seconds).
    ``PEACEOPS_DB_THREADS`` (2): the threads a worker runs database calls on (the rest of a
    request runs on its event loop; more threads than this only contend for the GIL).
    ``PEACEOPS_QUICK_READ_MS`` (2): a read runs first on the event loop and moves to a
    database thread only when SQLite has spent this long on it (``api.access.quick``); 0
    sends every read to a thread. PostgreSQL reads always go to a thread.
    ``PEACEOPS_STATEMENT_TIMEOUT`` (seconds, 10): every statement is cancelled past it.
    ``PEACEOPS_MAX_BODY_BYTES`` (1 MiB): larger request bodies get 413.
    ``PEACEOPS_RATE_LIMIT`` (points per window and client, 1200; 0 turns limiting off) and
    ``PEACEOPS_RATE_LIMIT_WINDOW`` (seconds, 60); ``PEACEOPS_REDIS_URL`` keeps the counters
    in Redis so that every worker and machine shares one budget (in memory otherwise).
    ``PEACEOPS_CACHE_MB`` (64): each worker's response cache, in MiB (0 turns it off); with
    ``PEACEOPS_REDIS_URL`` the workers also share their answers through Redis
    (``api.service.response_cache``).
    ``PEACEOPS_SECRET_KEY``: the key that signs cursors; by default one made once and kept in
    the database, shared by every worker (``api.query.sql.cursor_key``).
    """

    database_url: str = _DEFAULT_DB
    seed_dir: Path = field(default_factory=lambda: _default_seed_dir())
    public_url: str | None = None
    pool_size: int = 5
    max_overflow: int = 10
    pool_timeout: float = 5.0
    connect_timeout: int = 5
    db_threads: int = 2
    quick_read_ms: float = 2.0
    statement_timeout: float = 10.0
    max_body_bytes: int = 1_048_576
    rate_limit: int = 1200
    rate_limit_window: int = 60
    redis_url: str | None = None
    cache_mb: float = 64.0
    secret_key: str | None = None
    # SQLite's shortcuts (api.query.sql.sqlite_paths): off, the same answers the portable way.
    sqlite_fast_paths: bool = True

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        values: dict[str, object] = {
            "database_url": env.get("PEACEOPS_DATABASE_URL", _DEFAULT_DB),
            "seed_dir": Path(env.get("PEACEOPS_SEED_DIR") or _default_seed_dir()),
            "public_url": env.get("PEACEOPS_PUBLIC_URL") or None,
            "pool_size": int(env.get("PEACEOPS_POOL_SIZE", "5")),
            "max_overflow": int(env.get("PEACEOPS_MAX_OVERFLOW", "10")),
            "pool_timeout": float(env.get("PEACEOPS_POOL_TIMEOUT", "5")),
            "connect_timeout": int(env.get("PEACEOPS_CONNECT_TIMEOUT", "5")),
            "db_threads": int(env.get("PEACEOPS_DB_THREADS", "2")),
            "quick_read_ms": float(env.get("PEACEOPS_QUICK_READ_MS", "2")),
            "statement_timeout": float(env.get("PEACEOPS_STATEMENT_TIMEOUT", "10")),
            "max_body_bytes": int(env.get("PEACEOPS_MAX_BODY_BYTES", "1048576")),
            "rate_limit": int(env.get("PEACEOPS_RATE_LIMIT", "1200")),
            "rate_limit_window": int(env.get("PEACEOPS_RATE_LIMIT_WINDOW", "60")),
            "redis_url": env.get("PEACEOPS_REDIS_URL") or None,
            "cache_mb": float(env.get("PEACEOPS_CACHE_MB", "64")),
            "secret_key": env.get("PEACEOPS_SECRET_KEY") or None,
            "sqlite_fast_paths": env.get("PEACEOPS_SQLITE_FAST_PATHS", "1") not in ("0", "false", "off"),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]


def _default_seed_dir() -> Path:
    """The seed/ folder of a checkout; the packaged copy inside api/ otherwise."""
    checkout = Path(__file__).resolve().parent.parent / "seed"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parent / "seed_data"
