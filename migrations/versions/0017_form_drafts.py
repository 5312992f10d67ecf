"""form drafts: what was typed into a form, kept sealed for a few minutes

Switching language on a page with errors, or a session that timed out before the form was
sent, no longer loses what was typed (issue 17).

Revision ID: 5f0d2c7a9e61
Revises: 7c1e5a9b2d40
Create Date: 2026-12-07 00:10:00

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types such as UTCDateTime)


# revision identifiers, used by Alembic.
revision = '5f0d2c7a9e61'
down_revision = '7c1e5a9b2d40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'form_drafts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner', sa.String(length=80), nullable=False),
        sa.Column('page', sa.String(length=500), nullable=False),
        sa.Column('form_name', sa.String(length=100), nullable=False),
        sa.Column('sealed_fields', sa.Text(), nullable=False),
        sa.Column('created_at', app.models.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_form_drafts')),
    )
    with op.batch_alter_table('form_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_drafts_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_form_drafts_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('form_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_drafts_created_at'))
        batch_op.drop_index(batch_op.f('ix_form_drafts_owner'))
    op.drop_table('form_drafts')
