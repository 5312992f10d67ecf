"""trust: the helper's name as the citizen or staff wrote it (mandates.helper_name)

Messages to a citizen name a helper only by a name the citizen or staff wrote; mandates made
before this revision have none, and their messages name the helper by the phone's last digits.

Revision ID: 7c1e5a9b2d40
Revises: cdb7a060c968
Create Date: 2026-12-06 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types such as UTCDateTime)


# revision identifiers, used by Alembic.
revision = '7c1e5a9b2d40'
down_revision = 'cdb7a060c968'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mandates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('helper_name', sa.String(length=200), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('mandates', schema=None) as batch_op:
        batch_op.drop_column('helper_name')
