"""The one reminder to confirm receipt of a new plan, queued by the worker's sweep.

A citizen in an acknowledging group who has not confirmed receipt some days after publishing
(a setting, 3 by default) gets one reminder at the reminder hour, never in the quiet hours and
never while exempt (sick, on leave ...). `reminded_at` and the message's deduplication key make
sure it goes out once, also when two workers sweep at the same time.
"""

from datetime import datetime

from sqlalchemy import select

from app import periodic
from app.job_search.reminders import not_exempt_on
from app.models import Citizen, Jobcenter, PlanVersion
from app.models.plan import PUBLISHED
from app.notifications import bulk
from app.notifications.bulk import CONTACT_COLUMNS
from app.notifications.reminder_time import in_each_jobcenter_at_reminder_time
from app.plan.purposes import PLAN_REMINDER
from app.plan.services import acknowledged_sql, context_for
from app.rules import plan as rules

CHUNK = 500


def sweep(now: datetime) -> int:
    """Queue the reminders due now in every jobcenter. Returns how many were queued."""
    return in_each_jobcenter_at_reminder_time(now, _remind_in)


def _remind_in(jobcenter: Jobcenter, today, now: datetime) -> int:
    settings = rules.PlanSettings.from_settings(jobcenter.settings)
    groups = rules.acknowledging_groups((jobcenter.settings or {}).get("duties"))
    acknowledged = acknowledged_sql()
    due = (
        select(PlanVersion.id, PlanVersion.citizen_id, *CONTACT_COLUMNS)
        .join(Citizen, Citizen.id == PlanVersion.citizen_id)
        .where(
            Citizen.jobcenter_id == jobcenter.id,
            Citizen.target_group.in_(groups),
            PlanVersion.status == PUBLISHED,
            PlanVersion.reminded_at.is_(None),
            PlanVersion.published_at < rules.published_before_reminder(today, settings),
            ~acknowledged,
            not_exempt_on(today, Citizen.id),
        )
        .order_by(PlanVersion.id)
        .limit(CHUNK)
    )
    context = context_for(jobcenter.phone)
    return bulk.queue_in_chunks(
        due, lambda version: _reminder(version, context, now), PlanVersion.reminded_at, now
    )


def _reminder(version, context: dict, now: datetime) -> dict | None:
    """SMS or e-mail (PLAN_REMINDER is never a letter); None when neither reaches the citizen.
    `version` is a row of the plan version's id and its citizen's contact columns."""
    return bulk.citizen_message(PLAN_REMINDER.name, version, context, f"plan:{version.id}:reminder", now)


def register_periodic_jobs() -> None:
    periodic.register("plan_reminders", sweep, reminder=True)
