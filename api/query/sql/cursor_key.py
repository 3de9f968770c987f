"""The key that signs cursors: one per deployment, shared by every worker.

A cursor carries the sort values of a page's last row; its HMAC lets the server refuse a
cursor that was altered (a clear 400, not a wrong page) or made by another deployment.
The key is ``PEACEOPS_SECRET_KEY`` when it is set; otherwise 32 random bytes made once and
kept in the database (``dataset_state`` row 3, beside the dataset version, which is not
part of the dataset), so that every worker and machine over one database shares it.
Nothing else is secret here: a cursor is not encrypted, its values are readable.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

__all__ = ["KEY_ID", "read_or_make_key"]

KEY_ID = 3  # the dataset_state row that holds the key (hex)
_SELECT = "SELECT version FROM dataset_state WHERE id = 3"


def read_or_make_key(cursor: Any, *, postgres: bool) -> bytes:
    """The stored key, made first if there is none (DBAPI ``cursor``, autocommit: two
    workers that start together both insert, the first wins, both read the same)."""
    cursor.execute(_SELECT)
    found = cursor.fetchone()
    if found is None:
        made = secrets.token_hex(32)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        conflict = "ON CONFLICT (id) DO NOTHING" if postgres else "ON CONFLICT DO NOTHING"
        marker = "%s" if postgres else "?"
        insert = f"INSERT INTO dataset_state (id, version, updated_at) VALUES ({KEY_ID}, {marker}, {marker})"
        cursor.execute(f"{insert} {conflict}", (made, now))
        if postgres:
            cursor.connection.commit()
        cursor.execute(_SELECT)
        found = cursor.fetchone()
    return bytes.fromhex(str(found[0]))
