"""Migrations: upgrade a database to head, and tell whether it is there."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from api.db import WRITE_OPTION as _WRITE_OPTION
from api.db import without_time_limit

__all__ = [
    "Upgraded",
    "alembic_config",
    "current_revision",
    "downgrade",
    "head_revision",
    "include_name",
    "migrating",
    "upgrade",
]

_HERE = Path(__file__).resolve().parent / "migrations"

# Objects of one engine's, which the models do not describe: the full-text machinery
# (sort_key and ix_search_document_sort: SQLite's, migration 0006), and SQLite's stored
# records (migration 0007).
_ENGINE_ONLY_TABLES = ("search_fts", "stored_record")
_ENGINE_ONLY_COLUMNS = {("search_document", "tsv"), ("search_document", "sort_key")}
_STORED_RECORD_COLUMN = "record_json"  # on every table with stored records
_ENGINE_ONLY_INDEXES = {"ix_search_document_tsv", "ix_search_document_sort"}


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_HERE))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@dataclass(frozen=True)
class Upgraded:
    """What ``upgrade`` did: the revision before (None: the database had no schema) and
    after, said the way ``peaceops db upgrade`` reports it."""

    before: str | None
    after: str | None

    def __str__(self) -> str:
        if self.before is None:
            return f"created the schema at revision {self.after}"
        if self.before == self.after:
            return f"already at revision {self.after}: nothing to do"
        return f"upgraded from revision {self.before} to {self.after}"


def upgrade(
    engine: Engine, revision: str = "head", *, then: Callable[[Connection], None] | None = None
) -> Upgraded:
    """Upgrade the database to ``revision`` in one transaction, without the statement time
    limit that guards requests (``migrating``); ``then(connection)`` runs last, in the same
    transaction (the CLI versions a dataset whose migration dropped its stored version:
    ``api.research.dataset_version.store_version_if_missing``). Returns the revisions
    before and after."""
    with migrating(engine) as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        command.upgrade(alembic_config(connection), revision)
        if then is not None:
            then(connection)
        after = MigrationContext.configure(connection).get_current_revision()
    return Upgraded(before, after)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade the database to ``revision``, as ``upgrade`` goes up."""
    with migrating(engine) as connection:
        command.downgrade(alembic_config(connection), revision)


@contextlib.contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """A connection in one write transaction for migrations, without the statement time
    limit. On SQLite the migrations run with foreign keys off, as SQLite prescribes for
    changes that rebuild a table (a rebuilt parent would otherwise take its children's
    rows with it), and every foreign key is checked before the transaction commits."""
    with engine.connect().execution_options(**{_WRITE_OPTION: True}) as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # outside any transaction, where SQLite lets it change
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with connection.begin(), without_time_limit(connection):
                yield connection
                if sqlite:
                    _check_foreign_keys(connection)
        finally:
            if sqlite:
                connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, _rowid, parent, _fk = broken[0]
        raise RuntimeError(f"the migration left {len(broken)} broken references ({table} -> {parent})")


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Leave one engine's own objects (FTS5 shadow tables, tsvector, stored records) out
    of comparisons."""
    if type_ == "table" and name is not None:
        return not name.startswith(_ENGINE_ONLY_TABLES)
    if type_ == "index":
        return name not in _ENGINE_ONLY_INDEXES
    return True


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    if type_ == "column":
        return name != _STORED_RECORD_COLUMN and (obj.table.name, name) not in _ENGINE_ONLY_COLUMNS
    return True
