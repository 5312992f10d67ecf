"""The staff side's reading of meetings: the panel on the citizen page, and the follow-up list
of absences and citizens' cancellations (with what the citizen said). Nothing here sanctions."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.meetings import services
from app.models import Citizen, Exemption, Meeting, StaffUser
from app.rules import meetings as rules
from app.rules.dates import danish_today

SHOWN_TO_STAFF = 10
LIST_LIMIT = 500
TO_FOLLOW_UP = (rules.ABSENT, rules.CANCELLED_BY_CITIZEN)


@dataclass(frozen=True)
class MeetingsPanel:
    deadline_on: date | None
    exemption: Exemption | None  # the exemption today, if any
    meetings: list[Meeting]
    sick_during: frozenset[int] = frozenset()  # meetings a sickness report covers (flagged to staff)


def current_exemption(citizen: Citizen, today: date) -> Exemption | None:
    return next((e for e in citizen.exemptions if e.covers(today)), None)


def staff_panel(citizen: Citizen, now: datetime) -> MeetingsPanel:
    meetings = services.meetings_of(citizen)[:SHOWN_TO_STAFF]
    return MeetingsPanel(
        services.deadline_for(citizen),
        current_exemption(citizen, danish_today(now)),
        meetings,
        sick_during(citizen, meetings),
    )


def sick_during(citizen: Citizen, meetings: list[Meeting]) -> frozenset[int]:
    """The meetings on a day the citizen is reported sick: staff see them flagged (DOMAIN.md,
    "Reporting sickness": meetings in the period are flagged to staff)."""
    sickness = [e for e in citizen.exemptions if e.kind == "sickness"]
    return frozenset(
        meeting.id for meeting in meetings if any(e.covers(danish_today(meeting.starts_at)) for e in sickness)
    )


def to_follow_up(staff: StaffUser) -> list[Meeting]:
    """Absences and citizens' cancellations nobody has followed up yet, in the staff member's
    jobcenter, the oldest first."""
    query = (
        select(Meeting)
        .join(Citizen, Citizen.id == Meeting.citizen_id)
        .options(joinedload(Meeting.citizen))
        .where(
            Citizen.jobcenter_id == staff.jobcenter_id,
            Meeting.status.in_(TO_FOLLOW_UP),
            Meeting.seen_by_staff_at.is_(None),
        )
        .order_by(Meeting.starts_at)
        .limit(LIST_LIMIT)
    )
    return list(db.session.scalars(query))
