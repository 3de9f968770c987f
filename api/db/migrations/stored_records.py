"""SQLite's stored records (migration 0007 and later): the SQL that spells a row's JSON
object over its own columns, and the triggers that keep it written.

Migrations that change a table's fields install its objects again with ``install``; the
spelling of each kind of value is fixed here: text, dates and numbers as they are;
timestamps ISO 8601 with a T and a Z; booleans true or false; JSON lists embedded.
"""

import json
from collections.abc import Sequence

from alembic import op

TIMESTAMP, BOOLEAN, IDS = "timestamp", "boolean", "ids"
STAMPS = (("version", None), ("created_at", TIMESTAMP), ("updated_at", TIMESTAMP))
Field = tuple[str, str | None]


def _value(name: str, spelling: str | None) -> str:
    column = f'"{name}"'
    if spelling == TIMESTAMP:  # stored as SQLAlchemy writes it: YYYY-MM-DD HH:MM:SS.ffffff, UTC
        return f"replace({column}, ' ', 'T') || 'Z'"
    if spelling == BOOLEAN:
        true_or_false = "json('true') ELSE json('false')"
        return f"CASE WHEN {column} IS NULL THEN NULL WHEN {column} != 0 THEN {true_or_false} END"
    if spelling == IDS:
        return f"json({column})"
    return column


def expression(fields: Sequence[Field]) -> str:
    """The SQL that writes a row's object, over the row's own columns."""
    return "json_object(" + ", ".join(f"'{name}', {_value(name, how)}" for name, how in fields) + ")"


def triggers(table: str, fields: Sequence[Field]) -> dict[str, str]:
    write = f"UPDATE {table} SET record_json = {expression(fields)} WHERE rowid = new.rowid; END"
    columns = ", ".join(f'"{name}"' for name, _ in fields)
    return {
        f"{table}_record_ai": f"AFTER INSERT ON {table} BEGIN {write}",
        f"{table}_record_au": f"AFTER UPDATE OF {columns} ON {table} BEGIN {write}",
    }


def install(table: str, resource: str, fields: Sequence[Field], *, add_column: bool) -> None:
    """Stores ``table``'s objects with ``fields`` (SQLite): the column (``add_column``), the
    triggers (replacing any), every object written, and its ``stored_record`` row."""
    if add_column:
        op.execute(f"ALTER TABLE {table} ADD COLUMN record_json TEXT")
    for name, body in triggers(table, fields).items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(f"UPDATE {table} SET record_json = {expression(fields)}")
    names = json.dumps([name for name, _ in fields]).replace("'", "''")
    sql = expression(fields).replace("'", "''")
    op.execute(f"DELETE FROM stored_record WHERE table_name = '{table}'")
    op.execute(
        f"INSERT INTO stored_record (table_name, resource, fields, expression) "
        f"VALUES ('{table}', '{resource}', '{names}', '{sql}')"
    )


def remove(table: str) -> None:
    """Stops storing ``table``'s objects (its column stays, no longer written)."""
    for name in (f"{table}_record_ai", f"{table}_record_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DELETE FROM stored_record WHERE table_name = '{table}'")
