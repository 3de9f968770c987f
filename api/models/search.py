"""SearchDocument: the text of each record that full-text search looks in.

The application writes one row per searchable record (``api.search_index``), in the same
transaction as the record. The engine indexes it: an FTS5 table over it on SQLite, a
generated ``tsvector`` column with a GIN index on PostgreSQL (both made by the
migrations, not by the models).
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
