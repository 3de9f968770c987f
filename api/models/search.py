"""SearchDocument: the text of each record that full-text search looks in.

The application writes one row per searchable record (``api.curation.search_index``), in the same
transaction as the record. The engine indexes it: an FTS5 table over it on SQLite, a
generated ``tsvector`` column with a GIN index on PostgreSQL (both made by the
migrations, not by the models).

On SQLite a document also has a ``sort_key``: its record's value of the field searches
are ordered by when no other order is asked for (``Resource.search_sort``: an event's
date), with which a search page is ordered from the documents alone (``api.query.sql.plan``).
Migration 0006 makes it, with the triggers that keep it equal to the record's value
whoever writes (the app, a script, an older instance) and an index
(``ix_search_document_sort``); the models do not describe it.
"""

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class SearchDocument(SQLModel, table=True):
    __tablename__ = "search_document"
    __table_args__ = (sa.UniqueConstraint("resource", "record_id", name="uq_search_document"),)

    rowid: int | None = Field(default=None, primary_key=True)
    resource: str = Field(max_length=20)
    record_id: str = Field(max_length=160)
    title: str
    body: str
