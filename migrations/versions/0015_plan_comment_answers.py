"""plan comments: the caseworker's answer

A disagreement with the plan stays on the staff plans list until a caseworker has answered it;
the citizen reads the answer under their comment (issue 17).

Revision ID: 4dd262ee13e3
Revises: 84edcd480e94
Create Date: 2026-12-06 22:00:00

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types such as UTCDateTime)


# revision identifiers, used by Alembic.
revision = '4dd262ee13e3'
down_revision = '84edcd480e94'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('answered_at', app.models.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('answered_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('answered_by_label', sa.String(length=200), server_default='', nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_plan_comments_answered_by_id_staff_users'), 'staff_users', ['answered_by_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('plan_comments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plan_comments_answered_by_id_staff_users'), type_='foreignkey')
        batch_op.drop_column('answered_by_label')
        batch_op.drop_column('answered_by_id')
        batch_op.drop_column('answered_at')
        batch_op.drop_column('answer')
