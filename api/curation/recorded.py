"""A batch write that records a revision for every record it changes: the seed loader's
and the importers' way through the one write path (``api.curation.writer``).

The batch is first written inside a savepoint. When it only inserts, that write stands.
When it changes stored records, their documents after it are read, the savepoint is
rolled back, their documents before it are read, and the batch is written again: so each
revision holds the record before and after, and nothing is read that the batch does not
change. A seed load (``guard``) also checks, before anything stands, that it reverts no
write made since the last seed load (an API write, an import, a delete): each such record
is a ``SeedConflict``, and the load is refused (``SeedConflicts``) unless it was asked to
overwrite, when the revisions say what they overwrote. A seed load also **adopts** the
records it holds unchanged whose latest revision is not a seed load's (the curator merged
an API edit into the files): a revision of the seed's, before and after equal, so that
the record's state is the seed's again and a later seed load may change it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from api.curation.documents import WRITABLE
from api.curation.revisions import (
    RESOURCE_OF_TABLE,
    SEED,
    Author,
    Key,
    Latest,
    documents,
    insert_revisions,
    latest_revisions,
    versions,
)
from api.curation.writer import write_seed
from api.errors import PeaceopsError
from api.models.enums import RevisionAction
from api.query.store import Store

if TYPE_CHECKING:
    from api.curation.seed import LoadReport, SeedData

__all__ = ["Guard", "SeedConflict", "SeedConflicts", "keys_of", "write_recorded"]


class Guard(StrEnum):
    """What a seed load does with a record written since the last seed load."""

    refuse = "refuse"
    overwrite = "overwrite"


@dataclass(frozen=True)
class SeedConflict:
    """A record the seed would change although its state is not the seed's: the fields it
    would change (all of them when the record was deleted) and the revision it would
    overwrite."""

    resource: str
    record_id: str
    fields: tuple[str, ...]
    overwrites: Latest
    deleted: bool = False

    def line(self, file: str | None = None) -> str:
        where = f" ({file})" if file else ""
        name = f"{self.resource}/{self.record_id}{where}"
        if self.deleted:
            return (
                f"{name}: was deleted by {self.overwrites.describe()}; the seed would bring it back. "
                "Remove it from the seed files, or load with --overwrite"
            )
        return (
            f"{name}: the seed would change {', '.join(self.fields)}, overwriting "
            f"{self.overwrites.describe()}. Merge it into the seed files (--dump-conflicts DIR "
            "writes it), or load with --overwrite"
        )


class SeedConflicts(PeaceopsError):
    """A seed load refused: it would revert writes made since the last seed load."""

    status = 409
    title = "The seed would revert writes"
    slug = "seed-conflict"

    def __init__(self, conflicts: list[SeedConflict], where: dict[Key, str] | None = None) -> None:
        self.conflicts = conflicts
        self.where = where or {}
        n = len(conflicts)
        super().__init__(
            f"the seed would revert {n} record{'s' if n != 1 else ''} written since the last seed "
            "load; nothing was written"
        )

    def lines(self) -> list[str]:
        return [c.line(self.where.get((c.resource, c.record_id))) for c in self.conflicts]


def keys_of(data: SeedData) -> set[Key]:
    """The (resource, id) of every record the batch holds that has revisions."""
    return {(kind, str(record.id)) for kind in WRITABLE for record in getattr(data, kind)}


def _keys(by_table: dict[str, set[str]]) -> set[Key]:
    return {
        (RESOURCE_OF_TABLE[table], str(record_id))
        for table, ids in by_table.items()
        if table in RESOURCE_OF_TABLE
        for record_id in ids
    }


def write_recorded(
    conn: Connection,
    data: SeedData,
    report: LoadReport,
    author: Author,
    *,
    guard: Guard | None = None,
    adopt: bool = False,
) -> None:
    """Write ``data`` (counted in ``report``) and a revision by ``author`` for every record
    it inserted or changed; ``guard`` and ``adopt`` for seed loads (see the module)."""
    store = Store(conn.engine)
    savepoint = conn.begin_nested()
    trial = type(report)()
    write_seed(conn, data, trial)
    changed = _keys(trial.changed_records())
    inserted = _keys(trial.inserted_ids)
    existing = changed - inserted
    watched = changed | keys_of(data) if adopt else changed
    latest = latest_revisions(conn, watched) if (guard is not None or adopt or inserted) else {}
    before: dict[Key, dict[str, Any]] = {}
    if existing:
        trial_after = documents(conn, store, existing)
        savepoint.rollback()
        before = documents(conn, store, existing)
    else:
        trial_after = {}
    overwritten: dict[Key, SeedConflict] = {}
    if guard is not None:
        found = _conflicts(existing, inserted, latest, before, trial_after)
        if found and guard is Guard.refuse:
            if savepoint.is_active:
                savepoint.rollback()
            raise SeedConflicts(found)
        overwritten = {(c.resource, c.record_id): c for c in found}
    if existing:
        write_seed(conn, data, report)
    else:
        savepoint.commit()
        report.absorb(trial)
    after = documents(conn, store, changed)
    now_versions = versions(conn, changed | (keys_of(data) if adopt else set()))
    rows: list[dict[str, Any]] = []
    for key in sorted(changed):
        if key not in after:
            continue
        last = latest.get(key)
        created = key in inserted
        note = None
        if key in overwritten:
            note = f"--overwrite: overwrote {overwritten[key].overwrites.describe()}"
        elif created and last is not None:
            note = f"brought back after {last.describe()}"
        rows.append(
            {
                "resource": key[0],
                "record_id": key[1],
                "action": RevisionAction.create if created else RevisionAction.update,
                "version": now_versions[key],
                "before": None if created else before.get(key),
                "after": after[key],
                "note": note,
            }
        )
    if adopt:
        rows += _adoptions(conn, store, keys_of(data) - changed, latest, now_versions)
    insert_revisions(conn, author, rows)
    report.revisions += len(rows)


def _conflicts(
    existing: set[Key],
    inserted: set[Key],
    latest: dict[Key, Latest],
    before: dict[Key, dict[str, Any]],
    trial_after: dict[Key, dict[str, Any]],
) -> list[SeedConflict]:
    found: list[SeedConflict] = []
    for key in sorted(existing):
        last = latest.get(key)
        if last is None or last.actor == SEED:
            continue  # the seed's own state (or one from before revisions were kept)
        old, new = before.get(key, {}), trial_after.get(key, {})
        fields = tuple(sorted(name for name in set(old) | set(new) if old.get(name) != new.get(name)))
        if fields:
            found.append(SeedConflict(key[0], key[1], fields, last))
    for key in sorted(inserted):
        last = latest.get(key)
        if last is not None and last.actor != SEED:
            found.append(SeedConflict(key[0], key[1], (), last, deleted=True))
    return found


def _adoptions(
    conn: Connection,
    store: Store,
    unchanged: set[Key],
    latest: dict[Key, Latest],
    now_versions: dict[Key, int],
) -> list[dict[str, Any]]:
    """A seed revision for each record the seed holds unchanged whose state is not the
    seed's: the curator merged it into the files (or it predates the revision log)."""
    todo = sorted(k for k in unchanged if (last := latest.get(k)) is None or last.actor != SEED)
    docs = documents(conn, store, todo)
    rows: list[dict[str, Any]] = []
    for key in todo:
        if key not in docs:
            continue
        last = latest.get(key)
        note = (
            f"the seed files now hold the record as {last.describe()} left it"
            if last is not None
            else "the record as first recorded: it was stored before revisions were kept"
        )
        rows.append(
            {
                "resource": key[0],
                "record_id": key[1],
                "action": RevisionAction.update if last is not None else RevisionAction.create,
                "version": now_versions[key],
                "before": docs[key] if last is not None else None,
                "after": docs[key],
                "note": note,
            }
        )
    return rows
