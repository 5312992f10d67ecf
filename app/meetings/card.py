"""What the citizen's front page says under "What happens next": the next meeting, and the
invoices waiting for the jobcenter's decision.

Both come from one statement: the front page has a query budget (tests/test_query_counts.py,
FRONT_PAGE_QUERIES) and a card of its own for the invoices would spend one more. The invoices
are read from the kernel's Claim model; the claims feature's pages show them in full.

The card holds plain values, read past the ORM: the page only shows them, and loading the rows
as objects cost twice as much as reading them."""

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
class NextMeeting:
    id: int
    starts_at: datetime
    form: str


@dataclass(frozen=True)
class WaitingClaim:
    id: int
    vendor: str
    amount_ore: int
    submitted_at: datetime
    status: str


@dataclass(frozen=True)
class MeetingsCard:
    next_meeting: NextMeeting | None
    waiting_claims: tuple[WaitingClaim, ...] = ()


def front_page_card(citizen: Citizen, now: datetime) -> MeetingsCard:
    values = {"citizen_id": citizen.id, "now": now}
    rows = db.session.connection().execute(_what_happens_next(), values).all()
    first = rows[0]
    meeting = NextMeeting(first.meeting_id, first.starts_at, first.form) if first.meeting_id else None
    claims = tuple(
        WaitingClaim(row.claim_id, row.vendor, row.amount_ore, row.submitted_at, row.status)
        for row in rows
        if row.claim_id is not None
    )
    return MeetingsCard(meeting, claims)


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
    shown = (
        Meeting.id.label("meeting_id"),
        Meeting.starts_at,
        Meeting.form,
        Claim.id.label("claim_id"),
        Claim.vendor,
        Claim.amount_ore,
        Claim.submitted_at,
        Claim.status,
    )
    return (
        select(*shown)
        .select_from(one_row)
        .outerjoin(Meeting, Meeting.id == next_meeting_id)
        .outerjoin(Claim, waiting)
        .order_by(Claim.submitted_at, Claim.id)
    )
