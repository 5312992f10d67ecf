"""Sickness reports a caseworker should look at: new ones, late ones, long and repeated
sickness, and recovery not reported after the expected return day. The thresholds are the
jobcenter's settings (app.rules.sickness)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select

from app.extensions import db
from app.models import Citizen, SicknessReport, StaffUser
from app.rules import sickness as rules
from app.rules.dates import danish_today
from app.sickness.services import reports_of

LIST_LIMIT = 500
FLAGS = ("new", "late", "long", "repeated", "recovery_overdue")


@dataclass(frozen=True)
class SicknessRow:
    citizen: Citizen
    report: SicknessReport
    flags: tuple[str, ...]  # a subset of FLAGS, in that order


def flags_of(
    report: SicknessReport, first_days: list[date], today: date, settings: rules.SicknessSettings
) -> tuple[str, ...]:
    """Why staff should look at `report`; `first_days` are all the citizen's sicknesses."""
    found = {
        "new": report.seen_by_staff_at is None,
        "late": report.reported_late,
        "long": rules.is_long(report.first_day, report.recovered_on, today, settings),
        "repeated": rules.is_repeated(first_days, today, settings),
        "recovery_overdue": rules.recovery_overdue(report.expected_return_on, report.recovered_on, today),
    }
    return tuple(flag for flag in FLAGS if found[flag])


def reports_needing_attention(staff: StaffUser, today: date) -> list[SicknessRow]:
    """Open reports and reports nobody has read yet, in the staff member's jobcenter, new first."""
    settings = rules.SicknessSettings.from_settings(staff.jobcenter.settings)
    query = (
        select(SicknessReport, Citizen)
        .join(Citizen, Citizen.id == SicknessReport.citizen_id)
        .where(
            Citizen.jobcenter_id == staff.jobcenter_id,
            or_(SicknessReport.recovered_on.is_(None), SicknessReport.seen_by_staff_at.is_(None)),
        )
        .order_by(SicknessReport.seen_by_staff_at.is_(None).desc(), SicknessReport.first_day)
        .limit(LIST_LIMIT)
    )
    rows = db.session.execute(query).all()
    since = today - timedelta(days=settings.repeated_within_days)
    first_days = _first_days([citizen.id for _, citizen in rows], since)
    return [
        SicknessRow(citizen, report, flags_of(report, first_days[citizen.id], today, settings))
        for report, citizen in rows
    ]


def rows_for_citizen(citizen: Citizen, reports: list[SicknessReport], today: date) -> list[SicknessRow]:
    """The citizen's own reports with their flags, for the staff page about them."""
    settings = rules.SicknessSettings.from_settings(citizen.jobcenter.settings)
    first_days = [report.first_day for report in reports]
    return [SicknessRow(citizen, report, flags_of(report, first_days, today, settings)) for report in reports]


def _first_days(citizen_ids: list[int], since: date) -> dict[int, list[date]]:
    days = defaultdict(list)
    if citizen_ids:
        query = select(SicknessReport.citizen_id, SicknessReport.first_day).where(
            SicknessReport.citizen_id.in_(set(citizen_ids)), SicknessReport.first_day >= since
        )
        for citizen_id, first_day in db.session.execute(query):
            days[citizen_id].append(first_day)
    return days


SHOWN_TO_STAFF = 10  # the newest reports on the staff citizen page


def staff_panel(citizen: Citizen, now) -> list[SicknessRow]:
    return rows_for_citizen(citizen, reports_of(citizen)[:SHOWN_TO_STAFF], danish_today(now))
