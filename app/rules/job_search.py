"""Confirming job search: due dates, exemptions and the missed-deadline ladder.

Danish time, the reminder hour and the quiet hours are in app/rules/dates.py.

Pure functions: they take `now` or `today` and plain values, never the database or Flask.
Rules: DOMAIN.md, "Confirming job search" and "Reminders".
Every number is a jobcenter *setting*; `JobSearchSettings.from_jobcenter` applies the overrides.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from app.rules.settings import from_section

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
    never deregisters or sanctions: a caseworker decides (DOMAIN.md, "Confirming job search").
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
