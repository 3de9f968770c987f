"""SQLite: search_document.sort_key, a search page ordered from the documents alone

A search page sorts every matching record by the list's order and keeps fifty. With
0005 each match still costs two lookups, its document (by the FTS rowid) and its
record's date (by id). Each document now carries the value its resource's searches are
ordered by when no other order is asked for (``Resource.search_sort``: an event's
date), and an index holds a document's rowid, resource, record id and that value
together: the page's order is settled from the index alone, one lookup a match, and
only the page's rows are read (``api.query.sql.plan._document_keys``). On a million events,
the 5,380 matches of a word are ordered in under half the time.

The key is kept by triggers, not by the application: whoever inserts a document or
changes a record's date (the app, a script, an instance older than this migration),
the key follows in the same statement. A wrong key would misplace a record in search
pages, so nothing outside the database is trusted to write it. The FTS5 update trigger
now fires on changes of the indexed text only: a new key is not a reason to index a
document again.

PostgreSQL orders a search page by the records themselves (its planner joins the GIN
matches to the records' own indexes); nothing changes there.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

"""
from typing import Sequence, Union

from alembic import op


revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_UPDATE_TRIGGER = (
    "CREATE TRIGGER search_document_au AFTER UPDATE {of}ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body); "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END"
)
# The resources whose documents carry a sort key: (resource, table, column), as
# Resource.search_sort declares them today (a later change of those is a new migration).
_SORT_KEYS = (("events", "event", "date"),)


def _key_triggers(resource: str, table: str, column: str) -> dict[str, str]:
    value = f"(SELECT {table}.{column} FROM {table} WHERE {table}.id = new.record_id)"
    set_key = f"UPDATE search_document SET sort_key = {value} WHERE rowid = new.rowid; END"
    return {
        f"search_document_{resource}_key_ai": (
            f"AFTER INSERT ON search_document WHEN new.resource = '{resource}' BEGIN {set_key}"
        ),
        f"search_document_{resource}_key_au": (
            f"AFTER UPDATE OF resource, record_id ON search_document WHEN new.resource = '{resource}' "
            f"BEGIN {set_key}"
        ),
        f"{table}_{column}_search_key_au": (
            f"AFTER UPDATE OF {column} ON {table} BEGIN UPDATE search_document SET sort_key = "
            f"new.{column} WHERE resource = '{resource}' AND record_id = new.id; END"
        ),
    }


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("ALTER TABLE search_document ADD COLUMN sort_key VARCHAR(160)")
    op.execute("DROP TRIGGER search_document_au")
    op.execute(_UPDATE_TRIGGER.format(of="OF title, body "))
    for resource, table, column in _SORT_KEYS:
        for name, body in _key_triggers(resource, table, column).items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        op.execute(
            f"UPDATE search_document SET sort_key = (SELECT {table}.{column} FROM {table} "
            f"WHERE {table}.id = search_document.record_id) WHERE resource = '{resource}'"
        )
    op.create_index(
        "ix_search_document_sort", "search_document", ["rowid", "resource", "record_id", "sort_key"]
    )
    op.execute("ANALYZE search_document")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.drop_index("ix_search_document_sort", table_name="search_document")
    for resource, table, column in _SORT_KEYS:
        for name in _key_triggers(resource, table, column):
            op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TRIGGER search_document_au")
    op.execute(_UPDATE_TRIGGER.format(of=""))
    op.execute("ALTER TABLE search_document DROP COLUMN sort_key")
