"""The notice to the citizen 14 days before a mandate ends, queued by the worker's sweep.

Once per end date (`expiry_notice_at`, cleared when the citizen picks a new end date, and the
message's deduplication key). It goes at the reminder hour, never in quiet hours. The citizen's
preferred channel; a letter is fine, 14 days leave time for post.
"""

from datetime import date, datetime

from sqlalchemy import select

from app import periodic
from app.models import Citizen, Jobcenter, Mandate
from app.notifications.outbox import prepare, queue_in_chunks
from app.notifications.reminder_time import in_each_jobcenter_at_reminder_time
from app.rules import mandates as rules
from app.rules.dates import numeric_date
from app.urls import external_url

CHUNK = 500


def sweep(now: datetime) -> int:
    """Queue the expiry notices due now in every jobcenter. Returns how many were queued."""
    return in_each_jobcenter_at_reminder_time(now, _notify_in)


def _notify_in(jobcenter: Jobcenter, today: date, now: datetime) -> int:
    due = (
        select(Mandate, Citizen)
        .join(Citizen, Citizen.id == Mandate.citizen_id)
        .where(
            Citizen.jobcenter_id == jobcenter.id,
            Mandate.status == rules.ACTIVE,
            Mandate.ends_on >= today,
            Mandate.ends_on <= today + rules.EXPIRY_NOTICE,
            Mandate.expiry_notice_at.is_(None),
        )
        .order_by(Mandate.id)
        .limit(CHUNK)
    )
    return queue_in_chunks(
        due, lambda mandate, citizen: _notice(mandate, citizen, now), Mandate.expiry_notice_at, now
    )


def _notice(mandate: Mandate, citizen: Citizen, now: datetime) -> dict | None:
    context = {
        **mandate.helper_in_messages(),
        "date": numeric_date(mandate.ends_on),
        "link": external_url("mandates.overview"),
    }
    return prepare(
        "mandate_expiring",
        citizen,
        context,
        dedup_key=f"mandate:{mandate.id}:ends:{mandate.ends_on.isoformat()}",
        now=now,
    )


def register_periodic_jobs() -> None:
    periodic.register("helper_access_notices", sweep, reminder=True)
