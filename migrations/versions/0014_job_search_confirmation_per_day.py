"""job search confirmations: one a day, not one per due date

Confirming on the day the clock started (registration, recovery) gives the next period the
same due date as the one just confirmed, so the unique (citizen, due date) refused the next
period's confirmation as "already confirmed" and the sweep then recorded a miss (issue 17).
The key is now the Danish calendar day of the confirmation.

Revision ID: 84edcd480e94
Revises: bda07ef75338
Create Date: 2026-12-06 21:00:00

"""

from datetime import UTC
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types such as UTCDateTime)


# revision identifiers, used by Alembic.
revision = "84edcd480e94"
down_revision = "bda07ef75338"
branch_labels = None
depends_on = None

DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def upgrade():
    with op.batch_alter_table("job_search_confirmations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmed_on", sa.Date(), nullable=True))
    _fill_confirmed_on()
    with op.batch_alter_table("job_search_confirmations", schema=None) as batch_op:
        batch_op.alter_column("confirmed_on", existing_type=sa.Date(), nullable=False)
        batch_op.drop_constraint("uq_job_search_confirmations_citizen_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_job_search_confirmations_citizen_day", ["citizen_id", "confirmed_on"]
        )


def _fill_confirmed_on():
    """confirmed_at is naive UTC; the day is the Danish one. The service allowed one a day."""
    connection = op.get_bind()
    table = sa.table(
        "job_search_confirmations",
        sa.column("id", sa.Integer()),
        sa.column("confirmed_at", sa.DateTime()),
        sa.column("confirmed_on", sa.Date()),
    )
    for row_id, confirmed_at in connection.execute(sa.select(table.c.id, table.c.confirmed_at)).all():
        day = confirmed_at.replace(tzinfo=UTC).astimezone(DANISH_TIME).date()
        connection.execute(table.update().where(table.c.id == row_id).values(confirmed_on=day))


def downgrade():
    with op.batch_alter_table("job_search_confirmations", schema=None) as batch_op:
        batch_op.drop_constraint("uq_job_search_confirmations_citizen_day", type_="unique")
        batch_op.create_unique_constraint("uq_job_search_confirmations_citizen_id", ["citizen_id", "due_on"])
        batch_op.drop_column("confirmed_on")
