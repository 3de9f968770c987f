"""Ids for created records: readable slugs of what the record says (a mission's acronym,
a resolution's or mandate's symbol, an event's date and title), never one a record has had before."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from api.curation.documents import WRITABLE
from api.models import Revision
from api.query.resources import RESOURCES

__all__ = ["new_id"]

_TABLE = {name: RESOURCES[name].table for name in WRITABLE}
_revision = Revision.__table__  # type: ignore[attr-defined]

_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(*parts: object, words: int = 8) -> str:
    text = " ".join(str(p) for p in parts if p not in (None, ""))
    slug = _SLUG.sub("-", text.lower()).strip("-")
    return "-".join(slug.split("-")[: words * 2])[:100].strip("-") or "record"


def _base_id(resource: str, record: SQLModel) -> str:
    r: Any = record
    if resource == "missions":
        return _slug(r.acronym or r.name)
    if resource in ("resolutions", "mandates"):
        return _slug(r.symbol)
    if resource == "contributors":
        return _slug(r.name)
    if resource == "sources":
        return _slug(r.publisher, r.published_on, r.title, words=6)
    if resource == "observations":
        return _slug(r.mission, r.metric.value, r.contributor or "all", r.as_of)
    return _slug(r.date, r.title, words=6)


def new_id(conn: Connection, resource: str, record: SQLModel) -> str:
    """A readable, stable id that no record, living or deleted, has ever had."""
    base = _base_id(resource, record)
    table = _TABLE[resource]
    taken = set(conn.execute(sa.select(table.c.id).where(table.c.id.like(f"{base}%"))).scalars())
    taken |= set(
        conn.execute(
            sa.select(_revision.c.record_id).where(
                _revision.c.resource == resource, _revision.c.record_id.like(f"{base}%")
            )
        ).scalars()
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
