"""search_document.sort_key: a search page ordered from the documents alone

A search page sorts every matching record by the list's order and keeps fifty. With
0005 each match still costs two lookups, its document (by the FTS rowid) and its
record's date (by id). Each document now carries the value its resource's searches are
ordered by when no other order is asked for (``Resource.search_sort``: an event's
date), and on SQLite an index holds a document's rowid, resource, record id and that
value together: the page's order is settled from the index alone, one lookup a match,
and only the page's rows are read (``api.query.plan._document_keys``). On a million
events, the 5,380 matches of a word are ordered in under half the time.

The FTS5 update trigger now fires on changes of the indexed text only: a new date is
not a reason to index a document again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

"""
from typing import Sequence, Union

import sqlalchemy as sa
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
# The resources whose documents carry a sort key, and where it comes from
# (api.search_index writes the same on every change).
_SORT_KEYS = {"events": ("event", "date")}


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("search_document", sa.Column("sort_key", sa.String(length=160), nullable=True))
    if sqlite:
        # Filling the column must not index a million documents again.
        op.execute("DROP TRIGGER search_document_au")
        op.execute(_UPDATE_TRIGGER.format(of="OF title, body "))
    for resource, (table, column) in _SORT_KEYS.items():
        op.execute(
            f"UPDATE search_document SET sort_key = (SELECT {table}.{column} FROM {table} "
            f"WHERE {table}.id = search_document.record_id) WHERE resource = '{resource}'"
        )
    if sqlite:
        op.create_index(
            "ix_search_document_sort", "search_document", ["rowid", "resource", "record_id", "sort_key"]
        )
        op.execute("ANALYZE search_document")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_search_document_sort", table_name="search_document")
        op.execute("DROP TRIGGER search_document_au")
        op.execute(_UPDATE_TRIGGER.format(of=""))
        op.execute("ALTER TABLE search_document DROP COLUMN sort_key")
    else:
        op.drop_column("search_document", "sort_key")
