"""Plans that need a caseworker: not yet confirmed by a citizen who must confirm receipt, not
yet validly delivered to a citizen who gets the plan by digital post or letter, or disagreed
with by the citizen and not yet answered."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, not_, or_, select

from app.extensions import db
from app.models import Citizen, PlanComment, PlanDelivery, PlanVersion, StaffUser
from app.models.plan import PUBLISHED
from app.plan.services import acknowledged_sql, unanswered_disagreement_sql
from app.rules import plan as rules
from app.rules.dates import danish_today

LIST_LIMIT = 500


@dataclass(frozen=True)
class PlanRow:
    citizen: Citizen
    version: PlanVersion
    state: str | None  # awaiting_acknowledgement | not_delivered (labels.DELIVERY_STATE); None: has it
    days_waiting: int
    disagrees: bool  # a disagreement no caseworker has answered yet (on any version)
    reminded: bool


def plans_needing_attention(staff: StaffUser, today: date) -> list[PlanRow]:
    """The current plans of the staff member's jobcenter still missing their evidence, or whose
    citizen disagreed and has no answer yet (confirming receipt is not agreeing), oldest first."""
    groups = rules.acknowledging_groups((staff.jobcenter.settings or {}).get("duties"))
    must_acknowledge = Citizen.target_group.in_(groups)
    delivered = exists().where(PlanDelivery.version_id == PlanVersion.id)
    missing = or_(
        and_(must_acknowledge, not_(acknowledged_sql())), and_(not_(must_acknowledge), not_(delivered))
    )
    disagrees = exists().where(PlanComment.citizen_id == Citizen.id, unanswered_disagreement_sql())
    query = (
        select(PlanVersion, Citizen, must_acknowledge, missing, disagrees)
        .join(Citizen, Citizen.id == PlanVersion.citizen_id)
        .where(
            Citizen.jobcenter_id == staff.jobcenter_id,
            PlanVersion.status == PUBLISHED,
            or_(missing, disagrees),
        )
        .order_by(PlanVersion.published_at)
        .limit(LIST_LIMIT)
    )
    return [
        PlanRow(
            citizen,
            version,
            _missing_state(acknowledging) if is_missing else None,
            (today - danish_today(version.published_at)).days,
            bool(disagreeing),
            version.reminded_at is not None,
        )
        for version, citizen, acknowledging, is_missing, disagreeing in db.session.execute(query)
    ]


def _missing_state(acknowledging: bool) -> str:
    return "awaiting_acknowledgement" if acknowledging else "not_delivered"
