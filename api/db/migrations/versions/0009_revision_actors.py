"""revisions of every writer: actor, origin, note

Every change is a revision, whoever makes it: API writes (``actor`` ``api``, with the
key), seed loads (``seed``) and imports (``import``), with the file and its content hash
in ``origin``. ``note`` says what else a reader should know (a seed load that overwrote
an API write says which revision). Revisions written before are API writes, each with its
key; a revision without a key can only be a seed load's or an import's kept through a
downgrade to 0008 and back, and is taken for a seed load's (its origin is lost).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor', sa.String(length=20), nullable=False, server_default='api'))
        batch_op.add_column(sa.Column('origin', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=True))
    op.execute("UPDATE revision SET actor = 'seed' WHERE key_id IS NULL")
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.alter_column('actor', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_column('note')
        batch_op.drop_column('origin')
        batch_op.drop_column('actor')
