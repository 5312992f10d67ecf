"""Meeting reminders, queued by the worker's sweep: the day before at the reminder hour (Danish
time) and, for in-person meetings, a few hours before. Never during an exemption that pauses
meetings, never inside the quiet hours (the outbox holds them; one that would be held past the
start is not sent), each once (a stamp on the meeting and the message's deduplication key, which
carries the meeting's sequence so a moved meeting is reminded again). SMS or e-mail only."""

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app import periodic
from app.extensions import db
from app.meetings import notices, services
from app.models import Citizen, Meeting
from app.notifications.outbox import add_all_once
from app.rules import meetings as rules
from app.rules.dates import ReminderHours, danish_today, first_moment_allowed

LOOK_AHEAD = timedelta(days=2)  # the day-before reminder is never further ahead than this
STAMPS = {"day_before": "reminded_day_before_at", "soon": "reminded_soon_at"}


def register_periodic_jobs() -> None:
    periodic.register("meeting_reminders", sweep, reminder=True)


def sweep(now: datetime) -> int:
    """Queue the meeting reminders due now. Returns how many were queued."""
    rows = [row for meeting in _candidates(now) for row in _due_reminders(meeting, now)]
    queued = add_all_once(rows)
    db.session.commit()
    return queued


def _candidates(now: datetime) -> list[Meeting]:
    query = (
        select(Meeting)
        .options(joinedload(Meeting.citizen).joinedload(Citizen.jobcenter))
        .where(
            Meeting.status == rules.BOOKED,
            Meeting.starts_at > now,
            Meeting.starts_at <= now + LOOK_AHEAD,
            or_(Meeting.reminded_day_before_at.is_(None), Meeting.reminded_soon_at.is_(None)),
        )
    )
    return list(db.session.scalars(query).unique())


def _due_reminders(meeting: Meeting, now: datetime) -> list[dict]:
    """The reminders of `meeting` whose moment has come; each is stamped, sent or not."""
    citizen = meeting.citizen
    moments = rules.reminder_moments(meeting.starts_at, meeting.form, services.settings_for(citizen))
    quiet = ReminderHours.from_settings(citizen.jobcenter.settings)
    rows = []
    for stage, moment in moments.items():
        if getattr(meeting, STAMPS[stage]) is not None or now < moment:
            continue
        setattr(meeting, STAMPS[stage], now)
        if _worth_sending(meeting, stage, now, quiet) and (row := notices.reminder_row(meeting, stage, now)):
            rows.append(row)
    return rows


def _worth_sending(meeting: Meeting, stage: str, now: datetime, quiet: ReminderHours) -> bool:
    """Not during an exemption, not on the meeting day for the day-before reminder (the
    meeting was booked later), and not when the quiet hours would hold it past the start."""
    if rules.in_exemption(
        meeting.starts_at, meeting.citizen.target_group, services.periods_of(meeting.citizen)
    ):
        return False
    if stage == "day_before" and danish_today(now) >= danish_today(meeting.starts_at):
        return False
    return first_moment_allowed(now, quiet) < meeting.starts_at
