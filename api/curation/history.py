"""Revision history: every write to a record, and the record as it stood at a moment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from api.curation.documents import document_of
from api.errors import NotFound
from api.models import Revision
from api.models.enums import RevisionAction
from api.query.resources import RESOURCES
from api.query.store import Store

__all__ = ["as_recorded", "history"]

_revision = Revision.__table__  # type: ignore[attr-defined]


def _utc(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def _wire(row: Any) -> dict[str, Any]:
    at = _utc(row.recorded_at)
    return {
        "revision": row.id,
        "action": str(row.action),
        "version": row.version,
        "key_id": row.key_id,
        "request_id": row.request_id,
        "recorded_at": at.isoformat().replace("+00:00", "Z"),
        "before": row.before,
        "after": row.after,
    }


def history(engine: Engine, resource: str, record_id: str) -> list[dict[str, Any]]:
    """Every revision of the record, oldest first; a deleted record keeps its history,
    ending in a tombstone (``action: delete``, ``after: null``)."""
    table = RESOURCES[resource].table
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(_revision)
            .where(_revision.c.resource == resource, _revision.c.record_id == record_id)
            .order_by(_revision.c.id)
        ).all()
        exists = conn.execute(sa.select(table.c.id).where(table.c.id == record_id)).first() is not None
    if not rows and not exists:
        raise NotFound(f"no {RESOURCES[resource].singular} with id {record_id!r}, now or before")
    return [_wire(row) for row in rows]


def as_recorded(store: Store, resource: str, record_id: str, at: dt.datetime) -> dict[str, Any]:
    """The record's document as it stood at ``at``: the state after the last revision
    before then; before its first API revision, the state that revision started from
    (the seeded record); 404 when it did not exist then or had been deleted."""
    revisions = history(store.engine, resource, record_id)
    moment = _utc(at)
    stamp = moment.isoformat().replace("+00:00", "Z")
    earlier = [r for r in revisions if dt.datetime.fromisoformat(r["recorded_at"]) <= moment]
    singular = RESOURCES[resource].singular
    if earlier:
        last = earlier[-1]
        if last["action"] == RevisionAction.delete.value:
            raise NotFound(f"the {singular} {record_id!r} had been deleted by {stamp}")
        return {**last["after"], "version": last["version"]}
    if revisions:
        first = revisions[0]
        if first["before"] is None:
            raise NotFound(f"the {singular} {record_id!r} did not exist yet at {stamp}")
        return {**first["before"], "version": first["version"] - 1}
    doc = document_of(store, resource, record_id)
    return {**doc, "version": store.get(resource, (record_id,))["version"]}
