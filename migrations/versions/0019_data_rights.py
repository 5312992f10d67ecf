"""data rights: the day a citizen's case closed, for keeping data no longer than needed

Retention (app/rights/retention.py) deletes sickness reports and invoices with their files a
number of years after the case closed (issue 21). The other data rights need no new columns:
look-ups are audit events, preferences use the citizen's language and preferred channel.

Revision ID: d4a7c2e9f153
Revises: 3b8e4d1f6a27
Create Date: 2026-12-07 03:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4a7c2e9f153'
down_revision = '3b8e4d1f6a27'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('citizens') as batch_op:
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
    # The nightly retention job finds closed cases by this day.
    op.create_index('ix_citizens_closed_on', 'citizens', ['closed_on'])


def downgrade():
    op.drop_index('ix_citizens_closed_on', table_name='citizens')
    with op.batch_alter_table('citizens') as batch_op:
        batch_op.drop_column('closed_on')
