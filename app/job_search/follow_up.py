"""The staff follow-up list (opfølgningsliste): citizens of one jobcenter with a missed deadline.

Exempt citizens are never listed. "Risk of deregistration" is a flag for a caseworker, not a
decision: the portal never deregisters or sanctions. A caseworker records the decision, and the
citizen is told in plain words what it means and how to get help.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import bindparam, func, select

from app import audit
from app.extensions import db
from app.job_search.reminders import not_exempt_on
from app.job_search.services import status_of
from app.models import Citizen, FollowUpDecision, JobSearchStatus, StaffUser
from app.notifications.outbox import enqueue
from app.rules import dates
from app.rules import job_search as rules
from app.urls import external_url

LIST_LIMIT = 500


@dataclass(frozen=True)
class FollowUpRow:
    citizen: Citizen
    status: JobSearchStatus
    days_overdue: int
    decision: FollowUpDecision | None

    @property
    def risk_of_deregistration(self) -> bool:
        return self.status.stage == rules.FOLLOW_UP


def follow_up_list(staff: StaffUser, today: date, stage: str = "", flag: str = "") -> list[FollowUpRow]:
    """Citizens of the staff member's jobcenter past a deadline and not exempt today, most overdue first."""
    stages = [stage] if stage in (rules.EXTENDED, rules.FOLLOW_UP) else [rules.EXTENDED, rules.FOLLOW_UP]
    query = (
        select(JobSearchStatus, Citizen)
        .join(Citizen, Citizen.id == JobSearchStatus.citizen_id)
        .where(
            Citizen.jobcenter_id == staff.jobcenter_id,
            JobSearchStatus.stage.in_(stages),
            not_exempt_on(today),
        )
        .order_by(JobSearchStatus.due_on, Citizen.name)
        .limit(LIST_LIMIT)
    )
    if flag == "marked":
        query = query.where(Citizen.do_not_sanction_reason.is_not(None))
    elif flag == "unmarked":
        query = query.where(Citizen.do_not_sanction_reason.is_(None))
    rows = db.session.execute(query).all()
    decisions = _decisions_for([(status.citizen_id, status.due_on) for status, _ in rows])
    return [
        FollowUpRow(citizen, status, (today - status.due_on).days, decisions.get(citizen.id))
        for status, citizen in rows
    ]


def _decisions_for(periods: list[tuple[int, date]]) -> dict[int, FollowUpDecision]:
    """The latest decision about each listed period, in one query."""
    if not periods:
        return {}
    citizen_ids = [citizen_id for citizen_id, _ in periods]
    latest = (
        select(func.max(FollowUpDecision.id))
        .where(FollowUpDecision.citizen_id.in_(citizen_ids))
        .group_by(FollowUpDecision.citizen_id, FollowUpDecision.due_on)
    )
    found = db.session.scalars(select(FollowUpDecision).where(FollowUpDecision.id.in_(latest))).all()
    wanted = set(periods)
    return {d.citizen_id: d for d in found if (d.citizen_id, d.due_on) in wanted}


CSV_COLUMNS = (
    "cpr",
    "name",
    "phone",
    "due_on",
    "deadline_on",
    "days_overdue",
    "stage",
    "risk_of_deregistration",
    "do_not_sanction",
    "decision",
)


def as_csv(rows: list[FollowUpRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                _safe(row.citizen.cpr),
                _safe(row.citizen.name),
                _safe(row.citizen.phone or ""),
                row.status.due_on.isoformat(),
                _iso(row.status.deadline_on),
                row.days_overdue,
                row.status.stage,
                "yes" if row.risk_of_deregistration else "no",
                _safe(row.citizen.do_not_sanction_reason or ""),
                row.decision.decision if row.decision else "",
            ]
        )
    return out.getvalue()


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; quote them."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def set_do_not_sanction(staff: StaffUser, citizen: Citizen, reason: str) -> None:
    """Mark (with a reason) or unmark (empty reason) the citizen as not to be sanctioned."""
    citizen.do_not_sanction_reason = reason or None
    action = "follow_up.do_not_sanction_set" if reason else "follow_up.do_not_sanction_removed"
    audit.record_by(audit.Actor.of_staff(staff), action, citizen_id=citizen.id, obj=citizen, reason=reason)


def record_decision(
    staff: StaffUser, citizen: Citizen, decision: str, reason: str, now: datetime
) -> FollowUpDecision:
    """Record a caseworker's decision about the current period and tell the citizen."""
    status = status_of(citizen, dates.danish_today(now))
    due_on = status.due_on or dates.danish_today(now)
    record = FollowUpDecision(
        citizen_id=citizen.id,
        due_on=due_on,
        decision=decision,
        reason=reason,
        staff_user_id=staff.id,
        decided_at=now,
    )
    db.session.add(record)
    db.session.flush()
    audit.record_by(
        audit.Actor.of_staff(staff), "follow_up.decided", citizen_id=citizen.id, obj=record, decision=decision
    )
    context = {"url": external_url("public.landing"), "phone": citizen.jobcenter.phone}
    enqueue("follow_up_decision", citizen, context, dedup_key=f"decision:{record.id}", now=now)
    return record


def decisions_of(citizen: Citizen) -> list[FollowUpDecision]:
    return list(db.session.scalars(_newest_decisions(), {"citizen_id": citizen.id}))


def decisions_for_front_page(citizen: Citizen, _now: datetime) -> list:
    """The newest decisions as rows with the decision's columns, read past the ORM: the front
    page only shows them, and loading them as objects cost twice as much as reading them."""
    statement = _newest_decisions(as_rows=True)
    return db.session.connection().execute(statement, {"citizen_id": citizen.id}).all()


@cache
def _newest_decisions(as_rows: bool = False):
    """Built once per process (for objects, and for rows of their columns): the front page runs
    it on every view, and building it cost more than running it."""
    what = FollowUpDecision.__table__.columns if as_rows else (FollowUpDecision,)
    query = select(*what).where(FollowUpDecision.citizen_id == bindparam("citizen_id"))
    return query.order_by(FollowUpDecision.decided_at.desc()).limit(20)
