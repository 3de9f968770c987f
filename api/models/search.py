"""SearchDocument: the text of each record that full-text search looks in.

The application writes one row per searchable record (``api.search_index``), in the same
transaction as the record. The engine indexes it: an FTS5 table over it on SQLite, a
generated ``tsvector`` column with a GIN index on PostgreSQL (both made by the
migrations, not by the models).

``sort_key`` is the record's value of the field its resource's searches are ordered by
when no other order is asked for (``Resource.search_sort``: an event's date), so that on
SQLite a search page can be ordered from the documents alone (``api.query.plan``), with
an index SQLite only (``ix_search_document_sort``, migration 0006). NULL for resources
without one.
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
    sort_key: str | None = Field(default=None, max_length=160)
