"""Curation bookkeeping: API keys, the revision history of every write, and the stored
answers of idempotent requests."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from api.models._columns import enum_type
from api.models.enums import KeyScope, RevisionAction


class ApiKey(SQLModel, table=True):
    """A key's salted hash; the key itself is shown once, at creation, and never stored."""

    __tablename__ = "api_key"

    id: str = Field(primary_key=True, max_length=16)  # the public prefix of the key
    name: str
    scope: KeyScope = Field(sa_type=enum_type(KeyScope))
    salt: str = Field(max_length=64)
    digest: str = Field(max_length=128)
    created_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
    revoked_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))


class Revision(SQLModel, table=True):
    """One change of a record, whoever made it: the actor (``api``, with the key; ``seed``
    or ``import``, with the file and its content hash in ``origin``), when, in which
    request or run (``request_id``), and the record before and after. A delete leaves
    ``after`` empty: the tombstone. ``note`` says what else a reader should know (a seed
    load that overwrote an API write said so)."""

    __table_args__ = (sa.Index("ix_revision_record", "resource", "record_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    resource: str = Field(max_length=20)
    record_id: str = Field(max_length=160)
    action: RevisionAction = Field(sa_type=enum_type(RevisionAction))
    version: int
    actor: str = Field(max_length=20)
    key_id: str | None = Field(default=None, max_length=16, index=True)
    origin: str | None = Field(default=None, sa_type=sa.Text)
    note: str | None = Field(default=None, sa_type=sa.Text)
    request_id: str | None = Field(default=None, max_length=64)
    recorded_at: datetime = Field(sa_type=sa.DateTime(timezone=True), index=True)
    before: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)


class IdempotencyRecord(SQLModel, table=True):
    """The answer given to a POST with an Idempotency-Key, replayed on retries."""

    __tablename__ = "idempotency_record"

    key_id: str = Field(primary_key=True, max_length=16)
    idempotency_key: str = Field(primary_key=True, max_length=200)
    fingerprint: str = Field(max_length=64)
    status: int
    resource: str = Field(max_length=20)
    record_id: str = Field(max_length=160)
    created_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
