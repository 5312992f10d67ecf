"""codes in English: exemption kinds and invoice categories are stored as English codes, like
every other code the portal stores (statuses, purposes, actions). The Danish words stay in the
translated labels. Audit events are append-only and keep the codes they were written with; the
labels read both (app/account/labels.py).

Revision ID: 4d8f3a6b2c17
Revises: 7b2e91c4d5a8
Create Date: 2026-12-07 12:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


revision = "4d8f3a6b2c17"
down_revision = "7b2e91c4d5a8"
branch_labels = None
depends_on = None

# Frozen here: a migration must not read the app's current code.
EXEMPTION_KINDS = {
    "barsel": "parental_leave",
    "sygdom": "sickness",
    "ferie": "holiday",
    "behandling": "treatment",
    "jobstart": "job_start",
}
CLAIM_CATEGORIES = {
    "materialeudgifter": "materials",
    "arbejdstoej": "work_clothes",
    "kursusgebyr": "course_fee",
    "andet": "other",
}


def _rename(table: str, column: str, codes: dict[str, str]) -> None:
    target = sa.table(table, sa.column(column))
    for old, new in codes.items():
        op.execute(target.update().where(target.c[column] == old).values({column: new}))


def upgrade():
    _rename("exemptions", "kind", EXEMPTION_KINDS)
    _rename("claims", "category", CLAIM_CATEGORIES)


def downgrade():
    _rename("exemptions", "kind", {new: old for old, new in EXEMPTION_KINDS.items()})
    _rename("claims", "category", {new: old for old, new in CLAIM_CATEGORIES.items()})
