"""The revision log's writing side: who changed a record (``Author``), the record's latest
revision, and the documents and versions a revision stores. Every writer records through
here: API writes (``api.curation.writes``), seed loads and imports
(``api.curation.recorded``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from api.curation.documents import WRITABLE, document_of
from api.errors import NotFound
from api.models import Revision
from api.models.enums import RevisionAction
from api.query.resources import RESOURCES
from api.query.store import Store

__all__ = [
    "API",
    "IMPORT",
    "RESOURCE_OF_TABLE",
    "SEED",
    "Author",
    "Key",
    "Latest",
    "documents",
    "file_origin",
    "git_commit",
    "insert_revisions",
    "latest_revisions",
    "new_run_id",
    "versions",
]

API, SEED, IMPORT = "api", "seed", "import"  # the actors

Key = tuple[str, str]  # (resource, record id)
RESOURCE_OF_TABLE = {RESOURCES[name].table.name: name for name in WRITABLE}
_CHUNK = 500
_revision = Revision.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Author:
    """Who writes: ``actor`` (``api``, ``seed`` or ``import``), the key of an API write,
    the request's id or the run's (``request_id``), and where each record came from
    (``origin_of``: a file and its content hash)."""

    actor: str
    key_id: str | None = None
    request_id: str | None = None
    origin_of: Callable[[Key], str | None] = field(default=lambda _key: None)


@dataclass(frozen=True)
class Latest:
    """A record's latest revision."""

    revision: int
    actor: str
    action: str
    key_id: str | None
    recorded_at: dt.datetime

    def describe(self) -> str:
        """``revision 12 (an API write by key ab12cd34 at 2026-12-05T07:00:00Z)``"""
        at = self.recorded_at
        at = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)
        stamp = at.isoformat(timespec="seconds").replace("+00:00", "Z")
        what = {API: "an API", SEED: "a seed", IMPORT: "an import"}.get(self.actor, self.actor)
        verb = "delete" if self.action == RevisionAction.delete.value else "write"
        by = f" by key {self.key_id}" if self.key_id else ""
        return f"revision {self.revision} ({what} {verb}{by} at {stamp})"


def new_run_id(kind: str) -> str:
    """The id of one seed load or import: every revision it writes carries it."""
    return f"{kind}-{uuid.uuid4().hex}"


def file_origin(label: str, path: Path, commit: str | None = None) -> str:
    """``missions.yaml sha256:<hex>`` (and `` git <commit>`` when the file is committed)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return f"{label} sha256:{digest}" + (f" git {commit}" if commit else "")


def git_commit(folder: Path) -> str | None:
    """The commit the files under ``folder`` are at, when they are in a git work tree and
    unchanged since it; None otherwise (no git, not a repository, edited files)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        )
        if head.returncode != 0:
            return None
        status = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if status.returncode != 0 or status.stdout.strip():
        return None
    return head.stdout.strip() or None


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _by_resource(keys: Iterable[Key]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for resource, record_id in keys:
        out.setdefault(resource, []).append(record_id)
    return {resource: sorted(set(ids)) for resource, ids in out.items()}


def latest_revisions(conn: Connection, keys: Iterable[Key]) -> dict[Key, Latest]:
    """The latest revision of each of these records that has one."""
    out: dict[Key, Latest] = {}
    for resource, ids in _by_resource(keys).items():
        for chunk in _chunks(ids):
            last = (
                sa.select(sa.func.max(_revision.c.id))
                .where(_revision.c.resource == resource, _revision.c.record_id.in_(chunk))
                .group_by(_revision.c.record_id)
            )
            rows = conn.execute(
                sa.select(
                    _revision.c.id,
                    _revision.c.record_id,
                    _revision.c.actor,
                    _revision.c.action,
                    _revision.c.key_id,
                    _revision.c.recorded_at,
                ).where(_revision.c.id.in_(last))
            )
            for row in rows:
                out[resource, row.record_id] = Latest(
                    revision=row.id,
                    actor=row.actor,
                    action=str(row.action),
                    key_id=row.key_id,
                    recorded_at=row.recorded_at,
                )
    return out


def documents(conn: Connection, store: Store, keys: Iterable[Key]) -> dict[Key, dict[str, Any]]:
    """The documents of these records as this transaction sees them; a missing record is
    left out."""
    out: dict[Key, dict[str, Any]] = {}
    for key in sorted(set(keys)):
        try:
            out[key] = document_of(store, key[0], key[1], connection=conn)
        except NotFound:
            continue
    return out


def versions(conn: Connection, keys: Iterable[Key]) -> dict[Key, int]:
    """The stored version of each of these records."""
    out: dict[Key, int] = {}
    for resource, ids in _by_resource(keys).items():
        table = RESOURCES[resource].table
        for chunk in _chunks(ids):
            for row in conn.execute(sa.select(table.c.id, table.c.version).where(table.c.id.in_(chunk))):
                out[resource, row.id] = row.version
    return out


def insert_revisions(conn: Connection, author: Author, rows: Sequence[Mapping[str, Any]]) -> None:
    """One revision per row (``resource``, ``record_id``, ``action``, ``version``,
    ``before``, ``after``, and optionally ``note``), by ``author``, at this moment."""
    if not rows:
        return
    now = dt.datetime.now(dt.UTC)
    conn.execute(
        sa.insert(_revision),
        [
            {
                "resource": row["resource"],
                "record_id": row["record_id"],
                "action": row["action"],
                "version": row["version"],
                "actor": author.actor,
                "key_id": author.key_id,
                "origin": author.origin_of((row["resource"], row["record_id"])),
                "note": row.get("note"),
                "request_id": author.request_id,
                "recorded_at": now,
                "before": row["before"],
                "after": row["after"],
            }
            for row in rows
        ],
    )
