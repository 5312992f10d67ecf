"""Danish time: today's date, the reminder hour and the quiet hours, and dates in messages.

Every feature that reminds or counts days asks here, so the whole portal agrees on what "today"
and "09:00" mean in Denmark (DOMAIN.md, "Reminders"). Pure functions: they take `now` or a day.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.rules.settings import from_section

DANISH_TIME = ZoneInfo("Europe/Copenhagen")


@dataclass(frozen=True)
class ReminderHours:
    """When reminders go out and when nothing may (DOMAIN.md, "Reminders": quiet hours)."""

    reminder_hour: int = 9
    quiet_from_hour: int = 21
    quiet_until_hour: int = 9

    @classmethod
    def from_settings(cls, settings: dict | None) -> "ReminderHours":
        """Defaults, overridden by a jobcenter's settings. The hours are stored in its
        "job_search" section, where they were set before other features reminded too."""
        return from_section(cls, settings, "job_search")


DEFAULT_HOURS = ReminderHours()


def danish_today(now: datetime) -> date:
    return now.astimezone(DANISH_TIME).date()


def in_quiet_hours(now: datetime, hours: ReminderHours = DEFAULT_HOURS) -> bool:
    hour = now.astimezone(DANISH_TIME).hour
    if hours.quiet_from_hour > hours.quiet_until_hour:  # over midnight, e.g. 21-09
        return hour >= hours.quiet_from_hour or hour < hours.quiet_until_hour
    return hours.quiet_from_hour <= hour < hours.quiet_until_hour


def reminder_moment(day: date, hours: ReminderHours = DEFAULT_HOURS) -> datetime:
    """When a reminder for `day` may go out: the reminder hour, Danish time, as an aware datetime.

    zoneinfo gives the right UTC offset on either side of a daylight-saving change.
    """
    return datetime.combine(day, time(hours.reminder_hour), tzinfo=DANISH_TIME)


def first_moment_allowed(now: datetime, hours: ReminderHours = DEFAULT_HOURS) -> datetime:
    """`now`, or the end of the quiet hours when `now` falls inside them."""
    if not in_quiet_hours(now, hours):
        return now
    local = now.astimezone(DANISH_TIME)
    day = local.date() if local.hour < hours.quiet_until_hour else local.date() + timedelta(days=1)
    return datetime.combine(day, time(hours.quiet_until_hour), tzinfo=DANISH_TIME)


def deadline_passed(deadline_on: date, now: datetime) -> bool:
    """A deadline lasts the whole day, Danish time."""
    return danish_today(now) > deadline_on


def numeric_date(day: date) -> str:
    """SMS and letters show dates as numbers, which read the same in every language."""
    return day.strftime("%d.%m.%Y")
