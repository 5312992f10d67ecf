"""Confirming job search: due dates, the missed-deadline ladder and when reminders may go out.

Pure functions: they take `now` or `today` and plain values, never the database or Flask.
Rules: DOMAIN.md, "Confirming job search" and "Reminders" (seeds 000 L102-110, 002 L119, L336-352).
Every number is a jobcenter *setting*; `JobSearchSettings.from_jobcenter` applies the overrides.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.rules.settings import from_section

DANISH_TIME = ZoneInfo("Europe/Copenhagen")

# Stages of one period between two confirmations.
OPEN, EXTENDED, FOLLOW_UP = "open", "extended", "follow_up"
STAGES = (OPEN, EXTENDED, FOLLOW_UP)

# Reminders of one period, in the order they can go out. The scheduler stores the rank of the
# last one sent, so each goes out once and never after a later one.
REMINDER_RANK = {"heads_up": 1, "due": 2, "missed": 3, "extended_due": 4, "follow_up": 5}

# A sickness restarts the clock on the day the citizen is fit again (DOMAIN.md, "Reporting
# sickness"); other exemptions only pause it.
RESTARTING_KINDS = frozenset({"sickness"})


@dataclass(frozen=True)
class JobSearchSettings:
    interval_days: int = 7
    heads_up_days: int = 2
    extra_days_after_miss: int = 7
    misses_before_follow_up: int = 2  # the 3rd miss within 12 months goes to the follow-up list
    reminder_hour: int = 9
    quiet_from_hour: int = 21
    quiet_until_hour: int = 9
    helpers_may_confirm: bool = False  # the duty is personal (DOMAIN.md)

    @classmethod
    def from_settings(cls, settings: dict | None) -> "JobSearchSettings":
        """Defaults, overridden by a jobcenter's settings["job_search"] (unknown keys ignored)."""
        return from_section(cls, settings, "job_search")


@dataclass(frozen=True)
class Period:
    """A pause in the duty: from `starts_on` to `ends_on` (None: until further notice)."""

    starts_on: date
    ends_on: date | None
    kind: str = "other"

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


def danish_today(now: datetime) -> date:
    return now.astimezone(DANISH_TIME).date()


def exemption_on(day: date, periods: Iterable[Period]) -> Period | None:
    """The exemption that covers `day`, the one ending last when several do."""
    covering = [period for period in periods if period.covers(day)]
    return max(covering, key=lambda p: p.ends_on or date.max) if covering else None


def clock_start(counting_from: date, periods: Iterable[Period]) -> date:
    """The day the clock starts: `counting_from` (the last confirmation, or registration), or
    the day after a sickness that ended later, because recovery restarts the clock."""
    start = counting_from
    for period in periods:
        if period.kind in RESTARTING_KINDS and period.ends_on and period.ends_on >= start:
            start = period.ends_on + timedelta(days=1)
    return start


def next_due_date(start: date, periods: list[Period], interval_days: int = 7) -> date | None:
    """The day `interval_days` duty days after `start`; exempt days do not count.

    The result never falls inside an exemption. None while an open-ended exemption stops the clock.
    """
    day, remaining = start, interval_days
    while remaining > 0:
        day += timedelta(days=1)
        pause = exemption_on(day, periods)
        if pause is None:
            remaining -= 1
        elif pause.ends_on is None:
            return None
        else:
            day = pause.ends_on  # skip the whole pause; the loop steps to the day after it
    return day


@dataclass(frozen=True)
class Miss:
    stage: str  # EXTENDED or FOLLOW_UP
    deadline_on: date | None  # the new deadline (unchanged when the case goes to follow-up)
    notice: str  # which ladder notice the citizen gets: "missed" or "follow_up"


def after_miss(
    stage: str,
    due_on: date,
    deadline_on: date,
    misses_last_year: int,
    periods: list[Period],
    settings: JobSearchSettings = JobSearchSettings(),
) -> Miss:
    """What happens when the deadline of a period in `stage` passes unconfirmed.

    `misses_last_year` counts earlier first misses within 12 months, not this one. The 1st and
    2nd get a notice and extra days; the 3rd, or a missed extension, goes to staff. The portal
    never deregisters or sanctions: a caseworker decides (002 L119).
    """
    if stage == OPEN and misses_last_year < settings.misses_before_follow_up:
        return Miss(EXTENDED, extended_deadline(due_on, periods, settings), "missed")
    return Miss(FOLLOW_UP, deadline_on, "follow_up")


def extended_deadline(
    due_on: date, periods: list[Period], settings: JobSearchSettings = JobSearchSettings()
) -> date | None:
    """The extra days after a miss are duty days too: an exemption inside them moves the deadline."""
    return next_due_date(due_on, periods, settings.extra_days_after_miss)


def one_year_before(day: date) -> date:
    return day - timedelta(days=365)


def in_quiet_hours(now: datetime, settings: JobSearchSettings = JobSearchSettings()) -> bool:
    hour = now.astimezone(DANISH_TIME).hour
    if settings.quiet_from_hour > settings.quiet_until_hour:  # over midnight, e.g. 21-09
        return hour >= settings.quiet_from_hour or hour < settings.quiet_until_hour
    return settings.quiet_from_hour <= hour < settings.quiet_until_hour


def reminder_moment(day: date, settings: JobSearchSettings = JobSearchSettings()) -> datetime:
    """When a reminder for `day` may go out: the reminder hour, Danish time, as an aware datetime.

    zoneinfo gives the right UTC offset on either side of a daylight-saving change.
    """
    return datetime.combine(day, time(settings.reminder_hour), tzinfo=DANISH_TIME)


def first_moment_allowed(now: datetime, settings: JobSearchSettings = JobSearchSettings()) -> datetime:
    """`now`, or the end of the quiet hours when `now` falls inside them."""
    if not in_quiet_hours(now, settings):
        return now
    local = now.astimezone(DANISH_TIME)
    day = local.date() if local.hour < settings.quiet_until_hour else local.date() + timedelta(days=1)
    return datetime.combine(day, time(settings.quiet_until_hour), tzinfo=DANISH_TIME)


def deadline_passed(deadline_on: date, now: datetime) -> bool:
    """A deadline lasts the whole day, Danish time."""
    return danish_today(now) > deadline_on
