"""data exports: large copies of all data that the worker builds (issue 21)

Revision ID: 3c9e5b7a1d24
Revises: f8d46fc34bea
Create Date: 2026-12-07 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types such as UTCDateTime)


# revision identifiers, used by Alembic.
revision = '3c9e5b7a1d24'
down_revision = 'f8d46fc34bea'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('data_exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('asked_by_type', sa.String(length=20), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('requested_at', app.models.types.UTCDateTime(), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('ready_at', app.models.types.UTCDateTime(), nullable=True),
    sa.Column('failed_at', app.models.types.UTCDateTime(), nullable=True),
    sa.Column('expires_at', app.models.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_data_exports_citizen_id_citizens')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_exports'))
    )
    with op.batch_alter_table('data_exports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_exports_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_exports_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_exports_ready_at'), ['ready_at'], unique=False)


def downgrade():
    with op.batch_alter_table('data_exports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_exports_ready_at'))
        batch_op.drop_index(batch_op.f('ix_data_exports_expires_at'))
        batch_op.drop_index(batch_op.f('ix_data_exports_citizen_id'))

    op.drop_table('data_exports')
