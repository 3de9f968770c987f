"""Curation writes: create, update (JSON merge patch) and delete any record, all or
nothing, with optimistic concurrency, a revision per write, and idempotent creates.

Every write runs in one transaction that (1) checks the caller may curate, (2) takes the
record's row with a guarded ``version`` bump (so two writers can never both win), (3)
validates the whole resulting document through the same schemas and reference checks as
the seed loader, (4) writes it through the seed writer, adding the change of the record's
rows to the dataset version (``api.research.dataset_version.record_change``: the cost of the record,
not of the dataset), (5) stores the revision, and (6) refreshes the record's search
documents. Any failure rolls all of it back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import random
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from api.curation.documents import WRITABLE, document_of, read_only_problems, validate_document
from api.curation.keys import Principal
from api.curation.live_references import DatabaseCouncil, DatabaseIds, DatabaseResolutions
from api.curation.new_ids import new_id
from api.curation.permissions import require_curator
from api.curation.references import check_references
from api.curation.referrers import refuse_referenced
from api.curation.revisions import API, RESOURCE_OF_TABLE, Author, Key, documents, insert_revisions, versions
from api.curation.search_index import sync_search_documents
from api.curation.writer import write_seed
from api.db import write_transaction
from api.errors import (
    Conflict,
    FieldProblem,
    InvalidRecord,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
)
from api.models import (
    CITATION_TABLES,
    EventActor,
    IdempotencyRecord,
    Mandate,
    Resolution,
    Vote,
)
from api.models.enums import RevisionAction
from api.query.resources import RESOURCES
from api.query.sql.stored_version import note_write
from api.query.store import Store
from api.research.dataset_version import record_change

__all__ = ["Curator", "WriteResult"]

_TABLE = {name: RESOURCES[name].table for name in WRITABLE}
_CREATE_ATTEMPTS = 8
_idem = IdempotencyRecord.__table__  # type: ignore[attr-defined]
_VOTE = Vote.__table__  # type: ignore[attr-defined]
_ACTOR = EventActor.__table__  # type: ignore[attr-defined]
_MANDATE = Mandate.__table__  # type: ignore[attr-defined]
_RESOLUTION = Resolution.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class WriteResult:
    record: dict[str, Any]  # the record as a read returns it
    replayed: bool = False  # an idempotent retry: nothing was written


class Curator:
    """The write side of the query layer; one per app, thread-safe."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    # -- the three writes -----------------------------------------------------------

    def create(
        self,
        principal: Principal | None,
        resource: str,
        body: Mapping[str, Any],
        *,
        request_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> WriteResult:
        who = require_curator(principal)
        _refuse_read_only(resource, body)
        fingerprint = hashlib.sha256(orjson.dumps([resource, body], option=orjson.OPT_SORT_KEYS)).hexdigest()
        for attempt in range(_CREATE_ATTEMPTS):
            if attempt:
                time.sleep(random.uniform(0, 0.01 * 2**attempt))  # spread the racers out
            try:
                return self._create_once(who, resource, body, request_id, idempotency_key, fingerprint)
            except IntegrityError:
                # Another create took the same new id, or a concurrent retry of this request
                # stored its answer first: replay that, or try again with a fresh id.
                if idempotency_key is not None:
                    with self.engine.connect() as conn:
                        replay = _replay(conn, who, idempotency_key, fingerprint)
                    if replay is not None:
                        return self._replayed(*replay)
        raise Conflict("the record kept colliding with records written at the same time; retry")

    def _create_once(
        self,
        who: Principal,
        resource: str,
        body: Mapping[str, Any],
        request_id: str | None,
        idempotency_key: str | None,
        fingerprint: str,
    ) -> WriteResult:
        with self._transaction() as conn:
            if idempotency_key is not None:
                replay = _replay(conn, who, idempotency_key, fingerprint)
                if replay is not None:
                    return self._replayed(*replay)
            record = validate_document(resource, {**body, "id": "pending"})
            record_id = new_id(conn, resource, record)
            record = validate_document(resource, {**body, "id": record_id})
            self._check(conn, resource, record)
            with _record_changes(conn, resource, record_id):
                changed = self._write(conn, resource, record)
            after = self._document(conn, resource, record_id)
            _revise(
                conn, resource, record_id, RevisionAction.create, 1, who, request_id, None, after, changed
            )
            if idempotency_key is not None:
                conn.execute(
                    sa.insert(_idem).values(
                        key_id=who.key_id,
                        idempotency_key=idempotency_key,
                        fingerprint=fingerprint,
                        status=201,
                        resource=resource,
                        record_id=record_id,
                        created_at=_now(),
                    )
                )
        return WriteResult(self.store.get(resource, (record_id,)))

    def update(
        self,
        principal: Principal | None,
        resource: str,
        record_id: str,
        patch: Mapping[str, Any],
        *,
        if_match: int | None,
        request_id: str | None = None,
    ) -> WriteResult:
        """Apply a JSON merge patch (RFC 7396) to the record's document."""
        who = require_curator(principal)
        _refuse_read_only(resource, patch)
        with self._transaction() as conn:
            version = self._take(conn, resource, record_id, if_match)
            before = self._document(conn, resource, record_id)
            merged = merge_patch({k: v for k, v in before.items() if k != "version"}, patch)
            try:
                record = validate_document(resource, {**merged, "id": record_id})
            except InvalidRecord as exc:  # a valid patch, but the record it makes is not
                raise Conflict(
                    f"the patched record would be invalid: {exc.detail}", errors=exc.errors
                ) from None
            self._check(conn, resource, record)
            with _record_changes(conn, resource, record_id):
                changed = self._write(conn, resource, record, raised=True)
            after = self._document(conn, resource, record_id)
            _revise(
                conn,
                resource,
                record_id,
                RevisionAction.update,
                version,
                who,
                request_id,
                before,
                after,
                changed,
            )
        return WriteResult(self.store.get(resource, (record_id,)))

    def delete(
        self,
        principal: Principal | None,
        resource: str,
        record_id: str,
        *,
        if_match: int | None,
        request_id: str | None = None,
    ) -> None:
        """Delete the record, leaving a tombstone in its history; refused while other
        records still refer to it."""
        who = require_curator(principal)
        with self._transaction() as conn:
            version = self._take(conn, resource, record_id, if_match)
            before = self._document(conn, resource, record_id)
            refuse_referenced(conn, resource, record_id)
            table = _TABLE[resource]
            with record_change(conn, table.name, record_id):
                if resource == "resolutions":
                    conn.execute(sa.delete(_VOTE).where(_VOTE.c.resolution == record_id))
                if resource == "events":
                    conn.execute(sa.delete(_ACTOR).where(_ACTOR.c.event == record_id))
                link = CITATION_TABLES.get(table.name)
                if link is not None:
                    conn.execute(sa.delete(link).where(link.c.record_id == record_id))
                conn.execute(sa.delete(table).where(table.c.id == record_id))
            sync_search_documents(conn, {table.name: {record_id}})
            _revise(conn, resource, record_id, RevisionAction.delete, version, who, request_id, before, None)

    # -- steps ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One write transaction; afterwards the store forgets its cached version and
        counts, so that the next read in this process sees the write."""
        try:
            with write_transaction(self.engine) as conn:
                yield conn
                note_write(conn)
        finally:
            self.store.forget()

    def _take(self, conn: Connection, resource: str, record_id: str, if_match: int | None) -> int:
        """Raise the version if it is still ``if_match``: this row is now ours."""
        if if_match is None:
            raise PreconditionRequired("send If-Match with the record's ETag (its version) to write it")
        table = _TABLE[resource]
        taken = conn.execute(
            sa.update(table)
            .where(table.c.id == record_id, table.c.version == if_match)
            .values(version=table.c.version + 1, updated_at=_now())
        ).rowcount
        if taken:
            return if_match + 1
        current = conn.execute(sa.select(table.c.version).where(table.c.id == record_id)).scalar()
        if current is None:
            raise NotFound(f"no {RESOURCES[resource].singular} with id {record_id!r}")
        raise PreconditionFailed(f"the record is at version {current}, not {if_match}; read it again")

    def _document(self, conn: Connection, resource: str, record_id: str) -> dict[str, Any]:
        """The document as this transaction sees it (read through the same connection)."""
        return document_of(self.store, resource, record_id, connection=conn)

    def _check(self, conn: Connection, resource: str, record: SQLModel) -> None:
        from api.curation.seed import SeedData

        data = SeedData.single(resource, record)
        check_references(
            data,
            ids=DatabaseIds(conn),
            council=DatabaseCouncil(conn),
            resolutions=DatabaseResolutions(conn),
            fail=_conflict,
            place=lambda kind: f"/v1/{kind}",
        )
        if resource == "resolutions":  # one record per symbol
            symbol, record_id = getattr(record, "symbol"), getattr(record, "id")  # noqa: B009
            same = sa.and_(_RESOLUTION.c.symbol == symbol, _RESOLUTION.c.id != record_id)
            holder = conn.execute(sa.select(_RESOLUTION.c.id).where(same)).scalar()
            if holder is not None:
                raise _conflict("resolutions", record_id, "symbol", f"{symbol!r} is resolution {holder!r}")

    def _write(self, conn: Connection, resource: str, record: SQLModel, *, raised: bool = False) -> set[Key]:
        """Writes ``record`` (``raised``: its version was raised when it was taken); returns
        the records it changed."""
        from api.curation.seed import LoadReport, SeedData

        report = LoadReport()
        table, record_id = _TABLE[resource].name, str(getattr(record, "id"))  # noqa: B009
        write_seed(
            conn, SeedData.single(resource, record), report, raised=(table, record_id) if raised else None
        )
        changed = report.changed_records()
        changed.setdefault(table, set()).add(record_id)
        sync_search_documents(conn, changed)
        return {
            (RESOURCE_OF_TABLE[t], i) for t, ids in changed.items() if t in RESOURCE_OF_TABLE for i in ids
        }

    def _replayed(self, resource: str, record_id: str) -> WriteResult:
        try:
            return WriteResult(self.store.get(resource, (record_id,)), replayed=True)
        except NotFound:
            raise Conflict(
                f"this Idempotency-Key created {resource}/{record_id}, which has since been deleted",
                errors=[FieldProblem("Idempotency-Key", "its record has since been deleted")],
            ) from None


@contextlib.contextmanager
def _record_changes(conn: Connection, resource: str, record_id: str) -> Iterator[None]:
    """``record_change`` of the record, and of the mandates that copy a resolution's
    fields (a write of the resolution changes them too)."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(record_change(conn, _TABLE[resource].name, record_id))
        if resource == "resolutions":
            copying = conn.execute(
                sa.select(_MANDATE.c.id).where(_MANDATE.c.resolution == record_id)
            ).scalars()
            for mandate_id in copying.all():
                stack.enter_context(record_change(conn, _MANDATE.name, mandate_id))
        yield


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396: objects merge key by key, ``null`` removes, anything else replaces."""
    if not isinstance(patch, Mapping):
        return patch
    result = dict(target) if isinstance(target, Mapping) else {}
    for key, value in patch.items():
        if value is None:
            result[key] = None
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _refuse_read_only(resource: str, body: Mapping[str, Any]) -> None:
    problems = read_only_problems(resource, body)
    if problems:
        raise InvalidRecord("; ".join(f"{p.field}: {p.message}" for p in problems), errors=problems)


def _conflict(kind: str, record: str, field: str | None, message: str) -> Exception:
    return Conflict(f"{field}: {message}", errors=[FieldProblem(field or "body", message)])


def _revise(
    conn: Connection,
    resource: str,
    record_id: str,
    action: RevisionAction,
    version: int,
    who: Principal,
    request_id: str | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    also: Iterable[Key] = (),
) -> None:
    """The write's revision, and one for each other record it changed (the mandates that
    copy a resolution's tally: their documents, which leave copies out, stay the same)."""
    others = sorted(set(also) - {(resource, record_id)})
    docs = documents(conn, Store(conn.engine), others) if others else {}
    now = versions(conn, others)
    note = f"its copies of {resource}/{record_id} changed"
    rows = [{"resource": k[0], "record_id": k[1], "action": RevisionAction.update, "version": now[k],
             "before": docs[k], "after": docs[k], "note": note} for k in others if k in docs]  # fmt: skip
    main = {"resource": resource, "record_id": record_id, "action": action, "version": version}
    insert_revisions(
        conn,
        Author(API, key_id=who.key_id, request_id=request_id),
        [{**main, "before": before, "after": after}, *rows],
    )


def _replay(conn: Connection, who: Principal, key: str, fingerprint: str) -> tuple[str, str] | None:
    row = conn.execute(
        sa.select(_idem).where(_idem.c.key_id == who.key_id, _idem.c.idempotency_key == key)
    ).first()
    if row is None:
        return None
    if row.fingerprint != fingerprint:
        raise Conflict(
            "this Idempotency-Key was used for a different request; use a new key",
            errors=[FieldProblem("Idempotency-Key", "was used for a different request")],
        )
    return row.resource, row.record_id
