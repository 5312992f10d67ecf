"""worker heartbeats: when each background worker last looked for work and last swept

Revision ID: 5b7e1c2d9a40
Revises: cdb7a060c968
Create Date: 2026-12-06 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types such as UTCDateTime)


# revision identifiers, used by Alembic.
revision = '5b7e1c2d9a40'
down_revision = 'cdb7a060c968'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'worker_heartbeats',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('worker', sa.String(length=200), nullable=False),
        sa.Column('started_at', app.models.types.UTCDateTime(), nullable=False),
        sa.Column('last_seen_at', app.models.types.UTCDateTime(), nullable=False),
        sa.Column('last_sweep_at', app.models.types.UTCDateTime(), nullable=True),
        sa.Column('last_sweep_seconds', sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_worker_heartbeats')),
        sa.UniqueConstraint('worker', name=op.f('uq_worker_heartbeats_worker')),
    )
    with op.batch_alter_table('worker_heartbeats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_heartbeats_last_seen_at'), ['last_seen_at'], unique=False)


def downgrade():
    with op.batch_alter_table('worker_heartbeats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_heartbeats_last_seen_at'))
    op.drop_table('worker_heartbeats')
