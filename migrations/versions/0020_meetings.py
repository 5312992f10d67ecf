"""meetings: samtaler, their summons evidence and what the citizen said (issue 20)

Revision ID: f8d46fc34bea
Revises: d4a7c2e9f153
Create Date: 2026-12-07 02:56:45.917979

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types such as UTCDateTime)


# revision identifiers, used by Alembic.
revision = 'f8d46fc34bea'
down_revision = 'd4a7c2e9f153'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('caseworker_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('form', sa.String(length=20), nullable=False),
    sa.Column('starts_at', app.models.types.UTCDateTime(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('place', sa.Text(), nullable=False),
    sa.Column('video_link', sa.Text(), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('deadline_on', sa.Date(), nullable=True),
    sa.Column('created_at', app.models.types.UTCDateTime(), nullable=False),
    sa.Column('summoned_at', app.models.types.UTCDateTime(), nullable=True),
    sa.Column('summons_message_id', sa.Integer(), nullable=True),
    sa.Column('summons_by_post_at', app.models.types.UTCDateTime(), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=False),
    sa.Column('outcome_at', app.models.types.UTCDateTime(), nullable=True),
    sa.Column('outcome_by', sa.String(length=200), nullable=False),
    sa.Column('citizen_reason', sa.String(length=20), nullable=False),
    sa.Column('citizen_reason_text', sa.Text(), nullable=False),
    sa.Column('citizen_wish', sa.String(length=20), nullable=False),
    sa.Column('citizen_answered_at', app.models.types.UTCDateTime(), nullable=True),
    sa.Column('citizen_answered_by', sa.String(length=200), nullable=False),
    sa.Column('sickness_flagged_at', app.models.types.UTCDateTime(), nullable=True),
    sa.Column('seen_by_staff_at', app.models.types.UTCDateTime(), nullable=True),
    sa.Column('reminded_day_before_at', app.models.types.UTCDateTime(), nullable=True),
    sa.Column('reminded_soon_at', app.models.types.UTCDateTime(), nullable=True),
    sa.Column('actor_type', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['caseworker_id'], ['staff_users.id'], name=op.f('fk_meetings_caseworker_id_staff_users')),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_meetings_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['summons_message_id'], ['messages.id'], name=op.f('fk_meetings_summons_message_id_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_caseworker_id'), ['caseworker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index('ix_meetings_status_starts_at', ['status', 'starts_at'], unique=False)



def downgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_status_starts_at')
        batch_op.drop_index(batch_op.f('ix_meetings_citizen_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_caseworker_id'))

    op.drop_table('meetings')
