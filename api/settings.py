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
    """

    database_url: str = _DEFAULT_DB
    seed_dir: Path = field(default_factory=lambda: _default_seed_dir())
    public_url: str | None = None
    pool_size: int = 5
    max_overflow: int = 10

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        values: dict[str, object] = {
            "database_url": env.get("PEACEOPS_DATABASE_URL", _DEFAULT_DB),
            "seed_dir": Path(env.get("PEACEOPS_SEED_DIR") or _default_seed_dir()),
            "public_url": env.get("PEACEOPS_PUBLIC_URL") or None,
            "pool_size": int(env.get("PEACEOPS_POOL_SIZE", "5")),
            "max_overflow": int(env.get("PEACEOPS_MAX_OVERFLOW", "10")),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]


def _default_seed_dir() -> Path:
    """The seed/ folder of a checkout; the packaged copy inside api/ otherwise."""
    checkout = Path(__file__).resolve().parent.parent / "seed"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parent / "seed_data"
