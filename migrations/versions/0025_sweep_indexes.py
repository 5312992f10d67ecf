"""sweep indexes: the reminder sweep finds the rows still to remind by (stage, day,
reminders_sent, citizen), in the order of its keyset chunks. They replace (deadline_on, stage),
which made PostgreSQL walk the whole status table in citizen order, chunk by chunk, for every
kind of reminder (also when a second sweep had nothing left to do).

Revision ID: 9c1e5d7a3b20
Revises: 4d8f3a6b2c17
Create Date: 2026-12-07 15:45:00.000000

"""

from alembic import op


revision = "9c1e5d7a3b20"
down_revision = "4d8f3a6b2c17"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("job_search_status", schema=None) as batch_op:
        batch_op.drop_index("ix_job_search_status_deadline")
        batch_op.create_index(
            "ix_job_search_status_stage_due",
            ["stage", "due_on", "reminders_sent", "citizen_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_job_search_status_stage_deadline",
            ["stage", "deadline_on", "reminders_sent", "citizen_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("job_search_status", schema=None) as batch_op:
        batch_op.drop_index("ix_job_search_status_stage_deadline")
        batch_op.drop_index("ix_job_search_status_stage_due")
        batch_op.create_index("ix_job_search_status_deadline", ["deadline_on", "stage"], unique=False)
