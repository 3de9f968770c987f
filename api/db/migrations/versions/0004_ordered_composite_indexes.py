"""ordered composite indexes: each common filter followed by the default sort and the key

The list endpoints sort by (date, id) for events and (as_of, id) for observations. With
an index on (filter columns..., sort column, id) the database reads a filtered page in
order and stops after it, and counts a filter's rows from the index alone. These replace
the single-column indexes they extend.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

"""
from typing import Sequence, Union

from alembic import op


revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# (table, old index and its columns, new index and its columns); None: nothing replaced.
_CHANGES = [
    ("event", ("ix_event_date", ["date"]), ("ix_event_date_id", ["date", "id"])),
    ("event", ("ix_event_kind", ["kind"]), ("ix_event_kind_date_id", ["kind", "date", "id"])),
    ("event", ("ix_event_mission_date", ["mission", "date"]), ("ix_event_mission_date_id", ["mission", "date", "id"])),
    ("event", ("ix_event_mission", ["mission"]), ("ix_event_mission_kind_date_id", ["mission", "kind", "date", "id"])),
    ("observation", ("ix_observation_as_of", ["as_of"]), ("ix_observation_as_of_id", ["as_of", "id"])),
    (
        "observation",
        ("ix_observation_contributor", ["contributor"]),
        ("ix_observation_contributor_as_of_id", ["contributor", "as_of", "id"]),
    ),
    ("observation", ("ix_observation_metric", ["metric"]), ("ix_observation_metric_as_of_id", ["metric", "as_of", "id"])),
    ("observation", ("ix_observation_mission", ["mission"]), ("ix_observation_mission_as_of_id", ["mission", "as_of", "id"])),
]


def upgrade() -> None:
    for table, (old, _), (new, columns) in _CHANGES:
        op.create_index(new, table, columns, unique=False)
        op.drop_index(old, table_name=table)
    # The planner's statistics for the new indexes (SQLite keeps none until ANALYZE; on
    # PostgreSQL this refreshes what autovacuum would compute later).
    for table in ("event", "observation"):
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    for table, (old, old_columns), (new, _) in reversed(_CHANGES):
        op.create_index(old, table, old_columns, unique=False)
        op.drop_index(new, table_name=table)
