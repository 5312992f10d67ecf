"""sickness category: a sygedagpenge case's category (1-3), set by the caseworker

Revision ID: 7b2e91c4d5a8
Revises: c9348ca23f52
Create Date: 2026-12-07 06:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b2e91c4d5a8'
down_revision = 'c9348ca23f52'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sickness_category', sa.SmallInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.drop_column('sickness_category')
