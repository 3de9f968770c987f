"""SQLite: each record's JSON object stored with its row (record_json), kept by triggers

A page of fifty events in the list's JSON spent most of its database time spelling the
records: a json_object of twelve fields a row, two of them timestamps rewritten on the
way (about 100 us of SQLite time a page, against 30 us to read fifty stored objects). The
objects change only when their rows do, so each row now carries its object, written by
the database whenever the row is inserted or one of its fields changes, whoever writes
it: the app, a script, an instance older than this migration. The app reads the stored
object where a request asks for a record's whole object as it stands (a JSON page or an
NDJSON export of every field, without as-of), and spells it in SQL as before otherwise
(``api.query.sql.sqlite_paths``).

``stored_record`` says, per table, which resource's objects it stores, their fields in
order and the SQL expression that writes one (over the row's own columns). The app uses a
table's stored objects only while their fields are exactly the resource's fields as it
declares them: a field declared later without a migration here falls back to spelling
the object, never to an object without it. The expression is what the triggers run and
what a bulk loader runs again after loading with the triggers off (``bench/generate.py``).
A test compares every stored object with the one the app would spell.

The spelling is frozen here, as the resources declared their fields on this day: text,
dates and integers as they are; timestamps ISO 8601 with a T and a Z; booleans true or
false; lists of ids (JSON text) embedded as JSON. A later change of a resource's fields
or of a value's spelling is a new migration.

PostgreSQL spells its pages in Python from the rows (it is not where the statement's own
cost dominates); nothing changes there.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

"""
from typing import Sequence, Union

from alembic import op

from api.db.migrations.stored_records import BOOLEAN as _BOOLEAN
from api.db.migrations.stored_records import IDS as _IDS
from api.db.migrations.stored_records import STAMPS as _STAMPS
from api.db.migrations.stored_records import Field, install, triggers


revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# table: (resource, fields in the resource's order with how each is spelled)
RECORDS: dict[str, tuple[str, tuple[Field, ...]]] = {
    "mission": ("missions", (
        ("id", None), ("name", None), ("acronym", None), ("kind", None), ("host_country", None),
        ("lead", None), ("authorized_by", None), ("chapter_vii", _BOOLEAN), ("funding_model", None),
        ("status", None), ("start_date", None), ("end_date", None), ("predecessor", None),
        ("successor", None), ("summary", None), *_STAMPS,
    )),
    "mandate": ("mandates", (
        ("id", None), ("mission", None), ("symbol", None), ("body", None), ("adopted_on", None),
        ("action", None), ("effective_from", None), ("expires_on", None), ("ceiling_military", None),
        ("ceiling_police", None), ("ceiling_civilian", None), ("ceiling_total", None),
        ("votes_for", None), ("votes_against", None), ("abstentions", None), ("meeting", None),
        ("penholders", _IDS), *_STAMPS,
    )),
    "contributor": ("contributors", (
        ("id", None), ("name", None), ("kind", None), ("iso3", None), ("region", None), *_STAMPS,
    )),
    "event": ("events", (
        ("id", None), ("date", None), ("date_precision", None), ("kind", None), ("title", None),
        ("summary", None), ("mission", None), ("mandate", None), ("location", None), *_STAMPS,
    )),
    "source": ("sources", (
        ("id", None), ("title", None), ("publisher", None), ("url", None), ("published_on", None),
        ("kind", None), *_STAMPS,
    )),
    "vote": ("votes", (("mandate", None), ("member", None), ("vote", None))),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE TABLE stored_record (table_name VARCHAR(64) NOT NULL PRIMARY KEY, "
        "resource VARCHAR(64) NOT NULL, fields TEXT NOT NULL, expression TEXT NOT NULL)"
    )
    for table, (resource, fields) in RECORDS.items():
        install(table, resource, fields, add_column=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, (_, fields) in RECORDS.items():
        for name in triggers(table, fields):
            op.execute(f"DROP TRIGGER {name}")
        op.execute(f"ALTER TABLE {table} DROP COLUMN record_json")
    op.execute("DROP TABLE stored_record")
