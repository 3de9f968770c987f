"""``peaceops seed dump DIR``: the database written back in the seed format, so that
curators can work in the files or through the API. Dumping, loading the dump into an
empty database and dumping again gives identical files."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Engine

from api.curation.documents import WRITABLE, document_of
from api.curation.records import RECORD_SCHEMAS
from api.errors import NotFound
from api.models import CouncilSeat
from api.query import ListQuery, Store

__all__ = ["dump_records", "dump_seed"]

_seat = CouncilSeat.__table__  # type: ignore[attr-defined]


def dump_seed(engine: Engine, folder: Path) -> dict[str, int]:
    """Write one YAML file per kind of record into ``folder``; returns record counts."""
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(engine)
    counts: dict[str, int] = {}
    for kind in RECORD_SCHEMAS:
        records = _council(engine) if kind == "council" else _records(store, kind)
        counts[kind] = len(records)
        text = yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=100)
        (folder / f"{kind}.yaml").write_text(text, encoding="utf-8")
    return counts


def dump_records(engine: Engine, records: list[tuple[str, str, str]], folder: Path) -> int:
    """Write these records, ``(kind, id, file)``, as they are stored now, in the seed format,
    each into ``folder / file`` (the seed file that holds it, so that the curator knows
    where to merge it); returns how many were written (a record no longer stored is not)."""
    store = Store(engine)
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for kind, record_id, file in sorted(records, key=lambda r: (r[2], r[1])):
        try:
            doc = _clean(kind, document_of(store, kind, record_id))
            by_file[file].append({"id": doc.pop("id"), **doc})  # first, as in the seed files
        except NotFound:
            continue
    for file, docs in by_file.items():
        target = folder / file
        target.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(docs, sort_keys=False, allow_unicode=True, width=100)
        target.write_text(text, encoding="utf-8")
    return sum(len(docs) for docs in by_file.values())


def _records(store: Store, kind: str) -> list[dict[str, Any]]:
    _names, batches = store.stream_tuples(ListQuery(resource=kind, sort=()))
    ids = sorted(row[0] for batch in batches for row in batch)
    return [_clean(kind, document_of(store, kind, record_id)) for record_id in ids]


def _clean(kind: str, doc: dict[str, Any]) -> dict[str, Any]:
    """The document with fields in the schema's order and empty optional ones left out."""
    fields = list(RECORD_SCHEMAS[kind].model_fields)
    out: dict[str, Any] = {}
    for name in fields:
        value = doc.get(name)
        if value is None or (value == [] and name in ("actors", "penholders")):
            continue
        if name == "chapter_vii" and value is False:
            continue
        out[name] = value
    if "sources" in WRITABLE[kind] and "sources" not in out:
        out["sources"] = []
    return out


def _council(engine: Engine) -> list[dict[str, Any]]:
    years: dict[int, dict[str, Any]] = defaultdict(lambda: {"members": [], "sources": []})
    with engine.connect() as conn:
        for row in conn.execute(sa.select(_seat).order_by(_seat.c.year, _seat.c.member)):
            entry = years[row.year]
            entry["members"].append(row.member)
            if row.source not in entry["sources"]:
                entry["sources"].append(row.source)
    return [{"year": year, **years[year]} for year in sorted(years)]
