"""API keys: created and revoked by the CLI, checked on every write.

A key reads ``po_<id>_<secret>``. Only the id, a random salt and the SHA-256 of salt and
secret are stored; the key itself is printed once. Keys carry 128 bits of randomness, so
a fast salted hash is enough (a slow one only protects low-entropy passwords).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from api.db import write_transaction
from api.errors import BadRequest, NotFound, Unauthorized
from api.models import ApiKey
from api.models.enums import KeyScope

__all__ = ["KeyInfo", "Principal", "authenticate", "create_key", "list_keys", "revoke_key"]

_key = ApiKey.__table__  # type: ignore[attr-defined]
_FORMAT = re.compile(r"^po_([0-9a-f]{12})_([A-Za-z0-9_-]{20,64})$")


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's id, name and scope (never the key itself)."""

    key_id: str
    name: str
    scope: KeyScope


@dataclass(frozen=True)
class KeyInfo:
    id: str
    name: str
    scope: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


def _digest(salt: str, secret: str) -> str:
    return hashlib.sha256(f"{salt}:{secret}".encode()).hexdigest()


def create_key(engine: Engine, *, name: str, scope: KeyScope) -> str:
    """Store a new key and return it; it cannot be shown again."""
    if not name.strip():
        raise BadRequest.field("name", "must not be empty")
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(24)
    salt = secrets.token_hex(16)
    with write_transaction(engine) as conn:
        conn.execute(
            sa.insert(_key).values(
                id=key_id,
                name=name,
                scope=scope,
                salt=salt,
                digest=_digest(salt, secret),
                created_at=dt.datetime.now(dt.UTC),
            )
        )
    return f"po_{key_id}_{secret}"


def list_keys(engine: Engine) -> list[KeyInfo]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(_key.c.id, _key.c.name, _key.c.scope, _key.c.created_at, _key.c.revoked_at).order_by(
                _key.c.created_at, _key.c.id
            )
        )
        return [KeyInfo(r.id, r.name, str(r.scope), r.created_at, r.revoked_at) for r in rows]


def revoke_key(engine: Engine, key_id: str) -> None:
    with write_transaction(engine) as conn:
        done = conn.execute(
            sa.update(_key)
            .where(_key.c.id == key_id, _key.c.revoked_at.is_(None))
            .values(revoked_at=dt.datetime.now(dt.UTC))
        ).rowcount
    if not done:
        raise NotFound(f"no active key with id {key_id!r}")


def authenticate(engine: Engine, authorization: str | None) -> Principal | None:
    """The caller behind an ``Authorization`` header: None when there is none; 401 when
    it is malformed, unknown or revoked. The key never appears in an error."""
    if authorization is None or not authorization.strip():
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("use Authorization: Bearer KEY")
    match = _FORMAT.match(token.strip())
    if match is None:
        raise _unauthorized("the key is malformed")
    key_id, secret = match.groups()
    with engine.connect() as conn:
        row = conn.execute(sa.select(_key).where(_key.c.id == key_id)).first()
    if row is None or not hmac.compare_digest(row.digest, _digest(row.salt, secret)):
        raise _unauthorized("the key is not known")
    if row.revoked_at is not None:
        raise _unauthorized("the key has been revoked")
    return Principal(key_id=row.id, name=row.name, scope=KeyScope(row.scope))


def _unauthorized(detail: str) -> Unauthorized:
    return Unauthorized(detail)
