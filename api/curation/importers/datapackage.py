"""``peaceops export DIR`` and ``peaceops import DIR``: the whole dataset as tidy CSV
tables with a Frictionless Data Package descriptor (``datapackage.json``), and back.

One CSV per data table, named after it, its columns in table order and its rows in
primary-key order, so an export is a pure function of the data: importing it into an
empty database and exporting again gives identical files (and the same dataset
version). Cells: empty for null; ``true``/``false``; ISO dates; a list of ids (a
mandate's penholders) joined with ``;``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from api.curation.documents import WRITABLE
from api.curation.revisions import IMPORT, Author, documents, insert_revisions, new_run_id, versions
from api.curation.search_index import sync_search_documents
from api.errors import PeaceopsError
from api.models.enums import RevisionAction
from api.query.numbers import as_written
from api.query.resources import RESOURCES
from api.query.store import Store
from api.research.citation import DATASET_TITLE, LICENSES
from api.research.dataset_version import (
    compute_dataset_version,
    data_tables,
    key_first,
    refresh_dataset_version,
    table_rows,
)

__all__ = ["ExportError", "export_dataset", "import_dataset"]

DESCRIPTOR = "datapackage.json"


class ExportError(PeaceopsError):
    title = "Export or import failed"
    slug = "export"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, float):
        return repr(as_written(value))  # 400, not 400.0 (api.query.numbers)
    return str(value)


def _field(column: sa.Column[Any]) -> dict[str, Any]:
    type_ = column.type
    field: dict[str, Any] = {"name": column.name}
    constraints: dict[str, Any] = {}
    if isinstance(type_, sa.Enum):
        field["type"] = "string"
        constraints["enum"] = list(type_.enums)
    elif isinstance(type_, sa.Boolean):
        field.update(type="boolean", trueValues=["true"], falseValues=["false"])
    elif isinstance(type_, sa.Date):
        field["type"] = "date"
    elif isinstance(type_, sa.Integer):
        field["type"] = "integer"
    elif isinstance(type_, sa.Float):
        field["type"] = "number"
    elif isinstance(type_, sa.JSON):
        field["type"] = "string"
        field["description"] = "A list of contributor ids, separated by ';' (empty: none)."
    else:
        field["type"] = "string"
    if not column.nullable and not isinstance(type_, sa.JSON):
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(table: sa.Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(c) for c in key_first(table)],
        "missingValues": [""],
        "primaryKey": [c.name for c in table.primary_key.columns],
    }
    foreign = []
    for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
        target = fk.column.table.name
        foreign.append(
            {
                "fields": [fk.parent.name],
                "reference": {"resource": "" if target == table.name else target, "fields": [fk.column.name]},
            }
        )
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def descriptor(version: str) -> dict[str, Any]:
    """The Data Package descriptor of an export."""
    return {
        "profile": "tabular-data-package",
        "name": "peaceops-haiti",
        "title": DATASET_TITLE,
        "description": "Every record of the peaceops dataset, one CSV per table. Every record "
        "cites its sources: the citation tables (`*_source.csv`) link records to `source.csv`.",
        "version": version,
        "licenses": [LICENSES["data"]],
        "sources": [{"title": "The documents every figure cites (source.csv)", "path": "source.csv"}],
        "resources": [
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(table),
            }
            for table in data_tables()
        ],
    }


def export_dataset(engine: Engine, folder: Path) -> dict[str, int]:
    """Write every data table and ``datapackage.json`` into ``folder``; rows per table."""
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        version = compute_dataset_version(conn)
        for table in data_tables():
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            columns = key_first(table)
            writer.writerow([c.name for c in columns])
            n = 0
            for row in table_rows(conn, table, columns):
                writer.writerow([_cell(v) for v in row])
                n += 1
            (folder / f"{table.name}.csv").write_text(buffer.getvalue(), encoding="utf-8")
            counts[table.name] = n
    text = orjson.dumps(descriptor(version), option=orjson.OPT_INDENT_2).decode() + "\n"
    (folder / DESCRIPTOR).write_text(text, encoding="utf-8")
    return counts


def _parse(column: sa.Column[Any], raw: str) -> Any:
    type_ = column.type
    if isinstance(type_, sa.JSON):
        return [p for p in raw.split(";") if p]
    if raw == "":
        return None
    if isinstance(type_, sa.Enum):
        return raw  # the model's enum accepts its value strings
    if isinstance(type_, sa.Boolean):
        return raw == "true"
    if isinstance(type_, sa.Date):
        return dt.date.fromisoformat(raw)
    if isinstance(type_, sa.Integer):
        return int(raw)
    if isinstance(type_, sa.Float):
        return float(raw)
    return raw


def import_dataset(engine: Engine, folder: Path) -> dict[str, int]:
    """Load an export into an empty, migrated database, in one transaction; rows per
    table. Links between rows of one table (a mission's predecessor) are set after all
    its rows exist."""
    if not (folder / DESCRIPTOR).is_file():
        raise ExportError(f"{folder} has no {DESCRIPTOR}")
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for table in data_tables():
            if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar():
                raise ExportError(
                    f"the database is not empty ({table.name} has rows); import needs an empty one"
                )
        ordered = [t for t in SQLModel.metadata.sorted_tables if t in data_tables()]
        for table in ordered:
            counts[table.name] = _load_table(conn, table, folder / f"{table.name}.csv")
        sync_search_documents(conn)
        _record_created(conn, folder)
        refresh_dataset_version(conn)
    return counts


def _record_created(conn: Connection, folder: Path) -> None:
    """A revision of the import for every record it created, naming the package (its
    descriptor and the hash of all its files)."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    origin = f"{folder.name}/{DESCRIPTOR} sha256:{digest.hexdigest()}"
    author = Author(IMPORT, request_id=new_run_id(IMPORT), origin_of=lambda _key: origin)
    keys = [
        (resource, record_id)
        for resource in WRITABLE
        for record_id in conn.execute(sa.select(RESOURCES[resource].table.c.id)).scalars()
    ]
    after, now = documents(conn, Store(conn.engine), keys), versions(conn, keys)
    rows = [
        {"resource": k[0], "record_id": k[1], "action": RevisionAction.create, "version": now[k],
         "before": None, "after": after[k]}
        for k in keys
    ]  # fmt: skip
    insert_revisions(conn, author, rows)


def _load_table(conn: Connection, table: sa.Table, path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = key_first(table)
        if header != [c.name for c in columns]:
            raise ExportError(f"{path.name}: the columns are not those of {table.name}")
        rows = [{c.name: _parse(c, raw) for c, raw in zip(columns, line, strict=True)} for line in reader]
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    if rows:
        conn.execute(sa.insert(table), [{**r, **dict.fromkeys(self_refs)} for r in rows])
    key = list(table.primary_key.columns)
    for row in rows:
        links = {name: row[name] for name in self_refs if row[name] is not None}
        if links:
            conn.execute(sa.update(table).where(*(c == row[c.name] for c in key)).values(**links))
    return len(rows)
