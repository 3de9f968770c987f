"""Resolutions apart from mandates; votes on resolutions; sources' symbols and notes

Every Security Council resolution becomes a record of its own (``resolution``), whether
or not it acts on a mission, and per-member votes move to it (``vote.resolution``): a
resolution acting on two missions gives two mandates, one acting on none (a sanctions
regime) gives none. A mandate names its resolution (``mandate.resolution``) and keeps
copies of its tally, meeting and penholders, which the writer keeps equal to the
resolution's; its symbol is therefore no longer unique.

Today's data moves without loss: each mandate adopted by the Security Council gives a
resolution with the same id, symbol, date, meeting, tally, penholders and sources, and
names it; its votes become the resolution's. A tally means a recorded vote (``modality``
voted); ``non_voting`` counts the members recorded absent where per-member votes exist.

Sources gain ``symbol`` (a UN document's), ``published_precision`` (day, month or year)
and ``note``.

SQLite's stored records (0007) are installed again for the tables whose fields changed,
and for resolutions. The stored dataset version is dropped: ``api.db.migrate.upgrade``
hashes the data again at the head revision (the data's shape changed).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from api.db.migrations.stored_records import IDS, STAMPS, install

revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_VOTE_CHOICE = sa.Enum(
    'yes', 'no', 'abstain', 'absent', name='ck_votechoice', native_enum=False, create_constraint=True, length=40
)
_MODALITY = sa.Enum(
    'voted', 'without_vote', name='ck_resolutionmodality', native_enum=False, create_constraint=True, length=40
)
_PRECISION = sa.Enum(
    'day', 'month', 'year', name='ck_dateprecision', native_enum=False, create_constraint=True, length=40
)

# SQLite's stored records, in the resources' field order (api.query.resources).
STORED = {
    "source": ("sources", (
        ("id", None), ("title", None), ("publisher", None), ("url", None), ("symbol", None),
        ("published_on", None), ("published_precision", None), ("kind", None), ("note", None), *STAMPS,
    )),
    "resolution": ("resolutions", (
        ("id", None), ("symbol", None), ("adopted_on", None), ("meeting", None), ("draft", None),
        ("agenda", None), ("subjects", IDS), ("modality", None), ("votes_for", None),
        ("votes_against", None), ("abstentions", None), ("non_voting", None), ("penholders", IDS),
        ("undl_record", None), *STAMPS,
    )),
    "mandate": ("mandates", (
        ("id", None), ("mission", None), ("resolution", None), ("symbol", None), ("body", None),
        ("adopted_on", None), ("action", None), ("effective_from", None), ("expires_on", None),
        ("ceiling_military", None), ("ceiling_police", None), ("ceiling_civilian", None),
        ("ceiling_total", None), ("votes_for", None), ("votes_against", None), ("abstentions", None),
        ("meeting", None), ("penholders", IDS), *STAMPS,
    )),
    "vote": ("votes", (("resolution", None), ("member", None), ("vote", None))),
}


def _empty_list() -> str:
    return "CAST('[]' AS JSON)" if op.get_bind().dialect.name == "postgresql" else "'[]'"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"

    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.add_column(sa.Column('symbol', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('published_precision', _PRECISION, server_default='day', nullable=False))
        batch_op.add_column(sa.Column('note', sa.String(), nullable=True))
        batch_op.create_index(batch_op.f('ix_source_symbol'), ['symbol'], unique=False)

    op.create_table('resolution',
    sa.Column('symbol', sa.String(length=40), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=False),
    sa.Column('meeting', sa.Integer(), nullable=True),
    sa.Column('draft', sa.String(length=40), nullable=True),
    sa.Column('agenda', sa.String(), nullable=True),
    sa.Column('subjects', sa.JSON(), nullable=False),
    sa.Column('modality', _MODALITY, nullable=True),
    sa.Column('votes_for', sa.Integer(), nullable=True),
    sa.Column('votes_against', sa.Integer(), nullable=True),
    sa.Column('abstentions', sa.Integer(), nullable=True),
    sa.Column('non_voting', sa.Integer(), nullable=True),
    sa.Column('penholders', sa.JSON(), nullable=False),
    sa.Column('undl_record', sa.String(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('symbol')
    )
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resolution_adopted_on'), ['adopted_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_resolution_meeting'), ['meeting'], unique=False)

    op.create_table('resolution_source',
    sa.Column('record_id', sa.String(length=160), nullable=False),
    sa.Column('source_id', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['resolution.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], ),
    sa.PrimaryKeyConstraint('record_id', 'source_id')
    )
    with op.batch_alter_table('resolution_source', schema=None) as batch_op:
        batch_op.create_index('ix_resolution_source_source_id', ['source_id'], unique=False)

    # Each Council mandate's resolution, with the same id.
    absent = "(SELECT count(*) FROM vote WHERE vote.mandate = mandate.id AND vote.vote = 'absent')"
    any_vote = "EXISTS (SELECT 1 FROM vote WHERE vote.mandate = mandate.id)"
    op.execute(
        "INSERT INTO resolution (id, symbol, adopted_on, meeting, subjects, modality, votes_for, "
        "votes_against, abstentions, non_voting, penholders, version, created_at, updated_at) "
        f"SELECT id, symbol, adopted_on, meeting, {_empty_list()}, "
        "CASE WHEN votes_for IS NOT NULL THEN 'voted' END, votes_for, votes_against, abstentions, "
        f"CASE WHEN {any_vote} THEN {absent} END, penholders, 1, created_at, updated_at "
        "FROM mandate WHERE body = 'un_security_council'"
    )
    op.execute(
        "INSERT INTO resolution_source (record_id, source_id, position) "
        "SELECT record_id, source_id, position FROM mandate_source WHERE record_id IN (SELECT id FROM resolution)"
    )

    naming = {"uq": "uq_%(table_name)s_%(column_0_name)s"}  # names SQLite's unnamed constraint
    with op.batch_alter_table('mandate', schema=None, naming_convention=naming) as batch_op:
        batch_op.add_column(sa.Column('resolution', sa.String(), nullable=True))
        batch_op.create_foreign_key('fk_mandate_resolution', 'resolution', ['resolution'], ['id'])
        batch_op.drop_constraint('uq_mandate_symbol' if sqlite else 'mandate_symbol_key', type_='unique')
        batch_op.create_index(batch_op.f('ix_mandate_resolution'), ['resolution'], unique=False)
        batch_op.create_index(batch_op.f('ix_mandate_symbol'), ['symbol'], unique=False)
    op.execute("UPDATE mandate SET resolution = id WHERE id IN (SELECT id FROM resolution)")

    op.create_table('vote_on_resolution',
    sa.Column('resolution', sa.String(), nullable=False),
    sa.Column('member', sa.String(), nullable=False),
    sa.Column('vote', _VOTE_CHOICE, nullable=False),
    sa.ForeignKeyConstraint(['member'], ['contributor.id'], ),
    sa.ForeignKeyConstraint(['resolution'], ['resolution.id'], ),
    sa.PrimaryKeyConstraint('resolution', 'member')
    )
    op.execute(
        "INSERT INTO vote_on_resolution (resolution, member, vote) "
        "SELECT mandate, member, vote FROM vote WHERE mandate IN (SELECT id FROM resolution)"
    )
    op.drop_table('vote')
    op.rename_table('vote_on_resolution', 'vote')
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_member'), ['member'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_vote'), ['vote'], unique=False)

    # Their search documents (the app rewrites them fully at its next sync).
    op.execute(
        "INSERT INTO search_document (resource, record_id, title, body) "
        "SELECT 'resolutions', id, symbol, '' FROM resolution"
    )
    op.execute("DELETE FROM dataset_state")

    if sqlite:
        for table, (resource, fields) in STORED.items():
            install(table, resource, fields, add_column=table in ("resolution", "vote"))


# The same tables' stored records as 0007 spelled them, for the way down.
STORED_BEFORE = {
    "source": ("sources", (
        ("id", None), ("title", None), ("publisher", None), ("url", None), ("published_on", None),
        ("kind", None), *STAMPS,
    )),
    "mandate": ("mandates", (
        ("id", None), ("mission", None), ("symbol", None), ("body", None), ("adopted_on", None),
        ("action", None), ("effective_from", None), ("expires_on", None), ("ceiling_military", None),
        ("ceiling_police", None), ("ceiling_civilian", None), ("ceiling_total", None),
        ("votes_for", None), ("votes_against", None), ("abstentions", None), ("meeting", None),
        ("penholders", IDS), *STAMPS,
    )),
    "vote": ("votes", (("mandate", None), ("member", None), ("vote", None))),
}


def downgrade() -> None:
    """Votes go back to the mandates that name their resolution (a resolution with no
    mandate loses its record and votes); refused while two mandates share a symbol."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    naming = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
    shared = op.get_bind().execute(
        sa.text("SELECT symbol FROM mandate GROUP BY symbol HAVING count(*) > 1")
    ).first()
    if shared is not None:
        raise RuntimeError(f"mandates share the symbol {shared[0]!r}; 0007 cannot hold them")
    if sqlite:
        for name in ("resolution_record_ai", "resolution_record_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DELETE FROM stored_record WHERE table_name = 'resolution'")

    op.create_table('vote_on_mandate',
    sa.Column('mandate', sa.String(), nullable=False),
    sa.Column('member', sa.String(), nullable=False),
    sa.Column('vote', _VOTE_CHOICE, nullable=False),
    sa.ForeignKeyConstraint(['mandate'], ['mandate.id'], ),
    sa.ForeignKeyConstraint(['member'], ['contributor.id'], ),
    sa.PrimaryKeyConstraint('mandate', 'member')
    )
    op.execute(
        "INSERT INTO vote_on_mandate (mandate, member, vote) "
        "SELECT mandate.id, vote.member, vote.vote FROM vote JOIN mandate ON mandate.resolution = vote.resolution"
    )
    op.drop_table('vote')
    op.rename_table('vote_on_mandate', 'vote')
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_member'), ['member'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_vote'), ['vote'], unique=False)

    with op.batch_alter_table('mandate', schema=None, naming_convention=naming) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mandate_symbol'))
        batch_op.drop_index(batch_op.f('ix_mandate_resolution'))
        batch_op.drop_constraint('fk_mandate_resolution', type_='foreignkey')
        batch_op.drop_column('resolution')
        batch_op.create_unique_constraint('uq_mandate_symbol' if sqlite else 'mandate_symbol_key', ['symbol'])

    op.execute("DELETE FROM search_document WHERE resource = 'resolutions'")
    op.drop_table('resolution_source')
    op.drop_table('resolution')
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_symbol'))
        batch_op.drop_constraint('ck_dateprecision', type_='check')
        batch_op.drop_column('note')
        batch_op.drop_column('published_precision')
        batch_op.drop_column('symbol')
    if sqlite:
        for table, (resource, fields) in STORED_BEFORE.items():
            install(table, resource, fields, add_column=table == "vote")
