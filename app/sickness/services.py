"""Sickness reports: reporting sick pauses the job-search duty at once; recovery restarts it.

A report and its exemption are written in one transaction with their audit events, so there is
never a report without a pause (or a pause without its report). Every change is audited with
who did it and for whom.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache

from sqlalchemy import bindparam, select

from app import audit, case_events
from app.audit import Actor
from app.errors import DomainError
from app.extensions import db
from app.job_search import services as job_search
from app.models import Citizen, SicknessReport
from app.rules import sickness as rules
from app.rules.dates import danish_today


class AlreadySick(DomainError):
    """The citizen has a report without recovery: report recovery before reporting again."""


class DayRefused(DomainError):
    """A day the rules do not allow; `day` is the one given."""

    def __init__(self, day: date):
        super().__init__()
        self.day = day


class FirstDayAfterToday(DayRefused):
    """The first sick day is after today: sickness is reported on the day it starts."""


class ReturnBeforeFirstDay(DayRefused):
    """The expected return day is before the first sick day."""


class RecoveryDayRefused(DayRefused):
    """The day well again must be after the first sick day and not after today."""


@dataclass(frozen=True)
class SickReport:
    """What the citizen fills in. Never a diagnosis."""

    first_day: date
    expected_return_on: date | None = None
    partial_hours: Decimal | None = None
    note: str = ""


def settings_for(citizen: Citizen) -> rules.SicknessSettings:
    return rules.SicknessSettings.from_settings(citizen.jobcenter.settings)


def open_report(citizen: Citizen) -> SicknessReport | None:
    return db.session.scalar(_open_report(), {"citizen_id": citizen.id})


def open_report_row(citizen: Citizen):
    """The open report's columns (first_day, expected_return_on ...) as a row, or None: for a
    page that only shows them. Not in the session, and nothing pending is flushed first."""
    statement = _open_report(as_rows=True)
    return db.session.connection().execute(statement, {"citizen_id": citizen.id}).first()


@cache
def _open_report(as_rows: bool = False):
    """Built once per process (for the object, and for a row of its columns): the front page
    runs it on every view, and building it cost more than running it."""
    what = SicknessReport.__table__.columns if as_rows else (SicknessReport,)
    return select(*what).where(
        SicknessReport.citizen_id == bindparam("citizen_id"), SicknessReport.recovered_on.is_(None)
    )


def reports_of(citizen: Citizen) -> list[SicknessReport]:
    """The citizen's reports, newest first."""
    return list(
        db.session.scalars(
            select(SicknessReport)
            .where(SicknessReport.citizen_id == citizen.id)
            .order_by(SicknessReport.first_day.desc(), SicknessReport.id.desc())
        )
    )


def report_of(citizen: Citizen, report_id: int) -> SicknessReport | None:
    """One of the citizen's own reports; None for anyone else's."""
    report = db.session.get(SicknessReport, report_id)
    return report if report is not None and report.citizen_id == citizen.id else None


def report_sick(actor: Actor, citizen: Citizen, report: SickReport, now: datetime) -> SicknessReport:
    """Record the report and pause the job-search duty from the first sick day. Reminders that
    have not gone out are cancelled. Raises FirstDayAfterToday, ReturnBeforeFirstDay, AlreadySick.
    The route commits."""
    today = danish_today(now)
    try:
        rules.check_first_day(report.first_day, today)
    except rules.FirstDayInFuture:  # the pure rule's own error, as this feature's domain error
        raise FirstDayAfterToday(report.first_day) from None
    if report.expected_return_on and report.expected_return_on <= report.first_day:
        raise ReturnBeforeFirstDay(report.expected_return_on)
    if open_report(citizen) is not None:
        raise AlreadySick()
    exemption = job_search.add_exemption(actor, citizen, "sickness", report.first_day, None, now)
    row = SicknessReport(
        citizen_id=citizen.id,
        exemption=exemption,
        first_day=report.first_day,
        expected_return_on=report.expected_return_on,
        partial_hours=report.partial_hours,
        note=report.note,
        reported_at=now,
        reported_late=rules.reported_late(report.first_day, today),
        actor_type=actor.type,
        actor_id=actor.id,
        actor_label=actor.label,
    )
    db.session.add(row)
    db.session.flush()
    case_events.record_event(
        actor,
        citizen,
        "sickness.reported",
        row,
        now=now,
        first_day=report.first_day.isoformat(),
        reported_late=row.reported_late,
        partial=report.partial_hours is not None,
    )
    return row


def report_recovery(actor: Actor, report: SicknessReport, recovered_on: date, now: datetime) -> None:
    """End the sickness: `recovered_on` is the first day well again, so the exemption ends the day
    before and the job-search clock starts again that day. Reporting twice changes nothing.
    The route commits."""
    if report.recovered_on is not None:
        return
    if not report.first_day < recovered_on <= danish_today(now):
        raise RecoveryDayRefused(recovered_on)
    report.recovered_on, report.recovery_reported_at = recovered_on, now
    report.recovery_reported_by = actor.label
    job_search.end_exemption(actor, report.exemption, recovered_on - timedelta(days=1), now)
    case_events.record_event(
        actor, report.citizen, "sickness.recovered", report, now=now, recovered_on=recovered_on.isoformat()
    )


def mark_seen(actor: Actor, report: SicknessReport, now: datetime) -> None:
    """A caseworker has looked at a new report: it leaves the "new" list."""
    if report.seen_by_staff_at is not None:
        return
    report.seen_by_staff_at, report.seen_by_staff_label = now, actor.label
    audit.record_by(actor, "sickness.seen", report.citizen_id, report)
