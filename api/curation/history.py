"""Revision history: every write to a record, a page of them as every list pages (keyset
cursors, ``api.query.sql.keyset`` and ``api.query.sql.cursor``), and the record as it stood at a
moment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from api.errors import NotFound
from api.models import Revision
from api.models.enums import RevisionAction
from api.query.fields import FieldDecl, FieldType
from api.query.lent import refuse_on_lent
from api.query.pages import Page
from api.query.resources import RESOURCES, Resource
from api.query.spec import SortKey
from api.query.sql.binding import Binder
from api.query.sql.cursor import decode_cursor, encode_cursor, fingerprint
from api.query.sql.keyset import after, effective_sort, order_by
from api.query.store import Store

__all__ = ["REVISIONS", "as_recorded", "history", "history_page", "revision_cursors"]

_revision = Revision.__table__  # type: ignore[attr-defined]

# The revision log as the keyset machinery sees a list: one NOT NULL key, ascending.
# Not a public resource (no list of its own, no filters): only its order is declared.
REVISIONS = Resource(
    name="revisions",
    singular="revision",
    table=_revision,
    key=("revision",),
    fields=(FieldDecl(name="revision", column=_revision.c.id, type=FieldType.integer, nullable=False),),
    default_sort=(SortKey("revision"),),
    description="Every write to a record, oldest first.",
)
_COLUMNS = {"revision": _revision.c.id}


def _utc(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def _wire(row: Any) -> dict[str, Any]:
    at = _utc(row.recorded_at)
    return {
        "revision": row.id,
        "action": str(row.action),
        "version": row.version,
        "actor": row.actor,
        "key_id": row.key_id,
        "origin": row.origin,
        "request_id": row.request_id,
        "note": row.note,
        "recorded_at": at.isoformat().replace("+00:00", "Z"),
        "before": row.before,
        "after": row.after,
    }


def history(engine: Engine, resource: str, record_id: str) -> list[dict[str, Any]]:
    """Every revision of the record, oldest first; a deleted record keeps its history,
    ending in a tombstone (``action: delete``, ``after: null``)."""
    refuse_on_lent("revisions")  # read on a pooled connection
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


def _fingerprint(resource: str, record_id: str) -> str:
    return fingerprint(["history", resource, record_id])


def _revision_cursor(key: bytes, resource: str, record_id: str, revision: int) -> str:
    """The cursor of the page that ends on ``revision``: what ``after`` (GraphQL) and
    ``cursor`` (REST) take to continue after it."""
    return encode_cursor(key=key, query_fingerprint=_fingerprint(resource, record_id), values=[revision])


def revision_cursors(store: Store, resource: str, record_id: str, page: Page) -> list[str]:
    """The cursor after each revision of ``page`` (GraphQL's edges)."""
    key = store.cursor_key()
    return [_revision_cursor(key, resource, record_id, row["revision"]) for row in page.rows]


def history_page(store: Store, resource: str, record_id: str, *, limit: int, cursor: str | None) -> Page:
    """One page of the record's revisions, oldest first: ``limit`` of them after the
    revision ``cursor`` names (a cursor of this record's history only). 404 when the
    record has neither a revision nor a row."""
    refuse_on_lent("revisions")  # read on a pooled connection
    key = store.cursor_key()
    keys = effective_sort(REVISIONS, ())
    query_fp = _fingerprint(resource, record_id)
    binder = Binder(store.engine.dialect.name == "sqlite")
    of_record = sa.and_(
        _revision.c.resource == binder.bind(resource), _revision.c.record_id == binder.bind(record_id)
    )
    select = sa.select(_revision).where(of_record)
    if cursor is not None:
        values = decode_cursor(cursor, key=key, query_fingerprint=query_fp, arity=len(keys))
        select = select.where(after(REVISIONS, keys, values, binder, [])(_COLUMNS))
    select = select.order_by(*order_by(REVISIONS, _COLUMNS, keys)).limit(limit + 1)
    table = RESOURCES[resource].table
    with store.engine.connect() as conn:
        rows = conn.execute(select, binder.params).all()
        count = conn.execute(
            sa.select(sa.func.count()).select_from(_revision).where(of_record), binder.params
        ).scalar_one()
        if count == 0 and conn.execute(sa.select(table.c.id).where(table.c.id == record_id)).first() is None:
            raise NotFound(f"no {RESOURCES[resource].singular} with id {record_id!r}, now or before")
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = _revision_cursor(key, resource, record_id, rows[-1].id)
    return Page(
        rows=[_wire(row) for row in rows],
        count=count,
        next_cursor=next_cursor,
        dataset_version=store.dataset_version(),
    )


def as_recorded(store: Store, resource: str, record_id: str, at: dt.datetime) -> dict[str, Any]:
    """The record's document as it stood at ``at``, from its revisions alone: the state
    after the last revision before then. Before its first revision it did not exist;
    after a delete it had been deleted (404 saying which)."""
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
    if not revisions:
        raise NotFound(
            f"the {singular} {record_id!r} has no recorded revision yet: it was stored before "
            "revisions were kept (loading the seed records it)"
        )
    first = revisions[0]
    if first["before"] is None:
        raise NotFound(f"the {singular} {record_id!r} did not exist yet at {stamp}")
    raise NotFound(
        f"the {singular} {record_id!r} has no recorded state at {stamp}: its first revision "
        f"({first['revision']}, {first['recorded_at']}) changed a record stored before revisions were kept"
    )
