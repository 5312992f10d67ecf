"""The one reminder to report recovery, queued by the worker's sweep when the day the citizen
expected to be well again has passed without a recovery report.

It goes out at the reminder hour on the day after the expected return, never in quiet hours,
once (`recovery_reminded_at` and the message's deduplication key), by SMS or e-mail only.
"""

from datetime import date, datetime

from sqlalchemy import select

from app import periodic
from app.models import Citizen, Jobcenter, SicknessReport
from app.notifications import bulk
from app.notifications.bulk import CONTACT_COLUMNS
from app.notifications.reminder_time import in_each_jobcenter_at_reminder_time
from app.sickness.purposes import SICKNESS_RECOVERY_REMINDER
from app.urls import external_url

CHUNK = 500


def sweep(now: datetime) -> int:
    """Queue the recovery reminders due now in every jobcenter. Returns how many were queued."""
    return in_each_jobcenter_at_reminder_time(now, _remind_in)


def _remind_in(jobcenter: Jobcenter, today: date, now: datetime) -> int:
    due = (
        select(SicknessReport.id, SicknessReport.citizen_id, *CONTACT_COLUMNS)
        .join(Citizen, Citizen.id == SicknessReport.citizen_id)
        .where(
            Citizen.jobcenter_id == jobcenter.id,
            SicknessReport.recovered_on.is_(None),
            SicknessReport.expected_return_on < today,
            SicknessReport.recovery_reminded_at.is_(None),
        )
        .order_by(SicknessReport.id)
        .limit(CHUNK)
    )
    context = {"link": external_url("sickness.overview"), "phone": jobcenter.phone}
    return bulk.queue_in_chunks(
        due, lambda report: _reminder(report, context, now), SicknessReport.recovery_reminded_at, now
    )


def _reminder(report, context: dict, now: datetime) -> dict | None:
    """SMS or e-mail (the reminder is never a letter); None when neither reaches the citizen.
    `report` is a row of the report's id and its citizen's contact columns."""
    return bulk.citizen_message(
        SICKNESS_RECOVERY_REMINDER.name, report, context, f"sickness:{report.id}:recovery", now
    )


def register_periodic_jobs() -> None:
    periodic.register("recovery_reminders", sweep, reminder=True)
