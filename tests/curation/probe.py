"""A write behind the app's back: an event inserted straight into the table, as another
worker's write would land (tests of what a reader sees afterwards)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from api.models import Event

_event = Event.__table__  # type: ignore[attr-defined]


def insert_probe_event(conn: Connection, event_id: str, *, day: dt.date, title: str) -> None:
    """An event of mss-haiti with ``event_id``, dated ``day``, in ``conn``'s transaction."""
    now = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
    conn.execute(
        sa.insert(_event).values(
            id=event_id,
            date=day,
            date_precision="day",
            kind="statement",
            title=title,
            mission="mss-haiti",
            version=1,
            created_at=now,
            updated_at=now,
        )
    )
