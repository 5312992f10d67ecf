"""Plans that need a caseworker: not yet confirmed by a citizen who must confirm receipt, or
not yet validly delivered to a citizen who gets the plan by digital post or letter."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, not_, or_, select

from app.extensions import db
from app.models import Citizen, PlanComment, PlanDelivery, PlanVersion, StaffUser
from app.models.plan import PUBLISHED
from app.plan.services import acknowledged_sql
from app.rules import plan as rules
from app.rules.job_search import danish_today

LIST_LIMIT = 500


@dataclass(frozen=True)
class PlanRow:
    citizen: Citizen
    version: PlanVersion
    state: str  # awaiting_acknowledgement | not_delivered (labels.DELIVERY_STATE)
    days_waiting: int
    disagrees: bool
    reminded: bool


def plans_needing_attention(staff: StaffUser, today: date) -> list[PlanRow]:
    """The current plans of the staff member's jobcenter still missing their evidence, oldest first."""
    groups = rules.acknowledging_groups((staff.jobcenter.settings or {}).get("duties"))
    acknowledged = acknowledged_sql()
    delivered = exists().where(PlanDelivery.version_id == PlanVersion.id)
    disagrees = exists().where(PlanComment.version_id == PlanVersion.id, PlanComment.disagrees.is_(True))
    must_acknowledge = Citizen.target_group.in_(groups)
    query = (
        select(PlanVersion, Citizen, must_acknowledge, disagrees)
        .join(Citizen, Citizen.id == PlanVersion.citizen_id)
        .where(
            Citizen.jobcenter_id == staff.jobcenter_id,
            PlanVersion.status == PUBLISHED,
            or_(and_(must_acknowledge, not_(acknowledged)), and_(not_(must_acknowledge), not_(delivered))),
        )
        .order_by(PlanVersion.published_at)
        .limit(LIST_LIMIT)
    )
    return [
        PlanRow(
            citizen,
            version,
            "awaiting_acknowledgement" if acknowledging else "not_delivered",
            (today - danish_today(version.published_at)).days,
            bool(disagreeing),
            version.reminded_at is not None,
        )
        for version, citizen, acknowledging, disagreeing in db.session.execute(query)
    ]
