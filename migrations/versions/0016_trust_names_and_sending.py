"""trust: the helper's name as the citizen or staff wrote it; which worker holds a message

mandates.helper_name: messages to a citizen name a helper only by a name the citizen or staff
wrote; mandates made before this revision have none, and their messages name the helper by the
last digits of the phone.
messages.claimed_by, messages.maybe_sent: a worker renews the lease of the messages it holds; a
message claimed again after its worker stopped is looked up at the provider before it is resent.

Revision ID: 7c1e5a9b2d40
Revises: 4dd262ee13e3
Create Date: 2026-12-06 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types such as UTCDateTime)


# revision identifiers, used by Alembic.
revision = '7c1e5a9b2d40'
down_revision = '4dd262ee13e3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mandates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('helper_name', sa.String(length=200), server_default='', nullable=False))
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('maybe_sent', sa.Boolean(), server_default=sa.false(), nullable=False))
    # A message being sent while the old worker was stopped for the upgrade: look before resending.
    op.execute("UPDATE messages SET maybe_sent = true WHERE status = 'sending'")


def downgrade():
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('maybe_sent')
        batch_op.drop_column('claimed_by')
    with op.batch_alter_table('mandates', schema=None) as batch_op:
        batch_op.drop_column('helper_name')
