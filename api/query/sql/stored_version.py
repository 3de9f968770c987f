"""The dataset version as readers see it: the row writers store (``dataset_state``, id 1).
How the version is made and kept is ``api.research.dataset_version``'s; reading it is a
plain select that list pages join to their count.

Beside it, row 4 holds the **write generation**: a counter every write transaction raises
(API writes, seed loads and imports that change anything). The version is a content hash,
so a write that is undone brings it back; but the records' ``version`` and ``updated_at``,
their history and ``as_recorded`` answers have moved on. What a reader may remember of
the answers it gave (the response cache, ``api.service.response_cache``) is keyed by
both: the *state token* ``<version>.<generation>``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from api.models import DatasetState

__all__ = [
    "GENERATION_ID",
    "STATE_ID",
    "note_write",
    "read_dataset_version",
    "stored_state",
    "stored_version",
]

STATE_ID = 1  # the row that holds the version (row 2 names how it was made)
GENERATION_ID = 4  # the row that holds the write generation (row 3: api.query.sql.cursor_key)
_state = DatasetState.__table__  # type: ignore[attr-defined]


def stored_version() -> sa.Select[Any]:
    """``SELECT version FROM dataset_state WHERE id = 1``: the version stored by writes."""
    return sa.select(_state.c.version).where(_state.c.id == sa.literal_column(str(STATE_ID)))


def read_dataset_version(conn: Connection, *, lock: bool = False) -> str | None:
    """The stored version; ``lock`` takes the state row until the transaction ends (a
    writer's ``SELECT ... FOR UPDATE``; nothing on SQLite)."""
    query = stored_version()
    found: str | None = conn.execute(query.with_for_update() if lock else query).scalar()
    return found


def stored_state() -> sa.Select[Any]:
    """The version and the write generation (``None`` before the first counted write), one row."""
    generation = (
        sa.select(_state.c.version)
        .where(_state.c.id == sa.literal_column(str(GENERATION_ID)))
        .scalar_subquery()
    )
    return sa.select(_state.c.version, generation).where(_state.c.id == sa.literal_column(str(STATE_ID)))


def note_write(conn: Connection) -> None:
    """Raises the write generation, in the writer's transaction (so readers see it exactly
    when they see the write). Taking the row serializes the writers that raise it."""
    now = dt.datetime.now(dt.UTC).isoformat()
    conn.execute(
        sa.text(
            f"INSERT INTO dataset_state (id, version, updated_at) VALUES ({GENERATION_ID}, '0', :now) "
            "ON CONFLICT (id) DO NOTHING"
        ),
        {"now": now},
    )
    conn.execute(
        sa.text(
            "UPDATE dataset_state SET version = CAST(CAST(version AS BIGINT) + 1 AS VARCHAR(64)), "
            f"updated_at = :now WHERE id = {GENERATION_ID}"
        ),
        {"now": now},
    )
