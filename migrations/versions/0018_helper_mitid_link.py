"""helpers: the MitID identity linked to a helper account

A helper who logs in with MitID for the first time proves their phone with a code once; the
keyed hash of their CPR number is kept so MitID logs them in from then on (issue 22).

Revision ID: 3b8e4d1f6a27
Revises: 5f0d2c7a9e61
Create Date: 2026-12-07 03:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "3b8e4d1f6a27"
down_revision = "5f0d2c7a9e61"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("helpers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mitid_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_helpers_mitid_key"), ["mitid_key"])


def downgrade():
    with op.batch_alter_table("helpers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_helpers_mitid_key"), type_="unique")
        batch_op.drop_column("mitid_key")
