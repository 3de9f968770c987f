"""The dataset version as readers see it: the row writers store (``dataset_state``, id 1).
How the version is made and kept is ``api.research.dataset_version``'s; reading it is a
plain select that list pages join to their count."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from api.models import DatasetState

__all__ = ["STATE_ID", "read_dataset_version", "stored_version"]

STATE_ID = 1  # the row that holds the version (row 2 names how it was made)
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
