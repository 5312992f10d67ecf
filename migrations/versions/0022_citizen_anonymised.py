"""citizens.anonymised_on: the day the nightly job emptied a closed case whose periods all ended;
indexes on the columns that point to messages, which that job deletes (issue 21)

Revision ID: c9348ca23f52
Revises: 3c9e5b7a1d24
Create Date: 2026-12-07 06:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9348ca23f52'
down_revision = '3c9e5b7a1d24'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_on', sa.Date(), nullable=True))
    # Without them PostgreSQL checks each deleted message against every meeting and code request.
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_summons_message_id'), ['summons_message_id'], unique=False)
    with op.batch_alter_table('code_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_code_requests_message_id'), ['message_id'], unique=False)


def downgrade():
    with op.batch_alter_table('code_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_code_requests_message_id'))
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_summons_message_id'))
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.drop_column('anonymised_on')
