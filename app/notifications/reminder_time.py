"""When reminders may go out: each jobcenter's reminder hour has come and its quiet hours have
not begun. Every feature that reminds (job search, plan, sickness, mandates) asks here, so the
hour is decided in one place and no feature borrows another's loop."""

from datetime import date, datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Jobcenter
from app.rules import dates
from app.rules.dates import ReminderHours


def reminders_may_go_out(now: datetime, today: date, hours: ReminderHours) -> bool:
    return now >= dates.reminder_moment(today, hours) and not dates.in_quiet_hours(now, hours)


def in_each_jobcenter_at_reminder_time(now: datetime, queue) -> int:
    """Call `queue(jobcenter, today, now)` for every jobcenter whose reminder hour has come and
    whose quiet hours have not begun (each has its own settings); return the sum of the counts."""
    today = dates.danish_today(now)
    queued = 0
    for jobcenter in db.session.scalars(select(Jobcenter).order_by(Jobcenter.id)).all():
        if reminders_may_go_out(now, today, ReminderHours.from_settings(jobcenter.settings)):
            queued += queue(jobcenter, today, now)
    return queued
