"""Citation tables: which sources each record cites, one link table per kind of record; and
which child tables belong to which record."""

import sqlalchemy as sa
from sqlmodel import SQLModel

__all__ = ["CHILD_PARENT", "CITATION_TABLES", "citation_table"]


def citation_table(record_table: str) -> sa.Table:
    """``{record}_source(record_id, source_id)``: the sources a record cites, in order."""
    return sa.Table(
        f"{record_table}_source",
        SQLModel.metadata,
        sa.Column(
            "record_id",
            sa.String(160),
            sa.ForeignKey(f"{record_table}.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("source_id", sa.String(120), sa.ForeignKey("source.id"), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Index(f"ix_{record_table}_source_source_id", "source_id"),
    )


CITATION_TABLES: dict[str, sa.Table] = {
    name: citation_table(name)
    for name in ("contributor", "mission", "resolution", "mandate", "observation", "event")
}

# child table -> the record table whose version a change of its rows raises (the rows a
# record's writes replace with it: its citations, a resolution's votes, an event's actors)
CHILD_PARENT: dict[str, str] = {
    **{link.name: parent for parent, link in CITATION_TABLES.items()},
    "vote": "resolution",
    "event_actor": "event",
}
