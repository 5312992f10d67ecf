"""What the citizen's front page says under "What happens next": the next meeting, and the
invoices waiting for the jobcenter's decision.

Both come from one statement: the front page has a query budget (tests/test_query_counts.py,
FRONT_PAGE_QUERIES) and a card of its own for the invoices would spend one more. The invoices
are read from the kernel's Claim model; the claims feature's pages show them in full."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import and_, bindparam, literal, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Citizen, Claim, Meeting
from app.models.claim import OPEN_STATUSES
from app.rules import meetings as rules


@dataclass(frozen=True)
class MeetingsCard:
    next_meeting: Meeting | None
    waiting_claims: tuple[Claim, ...] = ()


def front_page_card(citizen: Citizen, now: datetime) -> MeetingsCard:
    rows = db.session.execute(_what_happens_next(), {"citizen_id": citizen.id, "now": now}).all()
    return MeetingsCard(rows[0].Meeting, tuple(row.Claim for row in rows if row.Claim is not None))


@cache
def _what_happens_next():
    """One row per waiting invoice (oldest first), each beside the next meeting; a single row of
    nothing-found when there is neither. Built once per process with the citizen and the time as
    parameters: building it took longer than running it (a fifth of the front page's CPU)."""
    citizen_id, now = bindparam("citizen_id"), bindparam("now")
    booked = aliased(Meeting)  # the subquery's own name: it must not correlate with the outer join
    next_meeting_id = (
        select(booked.id)
        .where(booked.citizen_id == citizen_id, booked.status == rules.BOOKED, booked.starts_at > now)
        .order_by(booked.starts_at)
        .limit(1)
        .scalar_subquery()
    )
    one_row = select(literal(1).label("one")).subquery()
    waiting = and_(Claim.citizen_id == citizen_id, Claim.status.in_(OPEN_STATUSES))
    return (
        select(Meeting, Claim)
        .select_from(one_row)
        .outerjoin(Meeting, Meeting.id == next_meeting_id)
        .outerjoin(Claim, waiting)
        .order_by(Claim.submitted_at, Claim.id)
    )
