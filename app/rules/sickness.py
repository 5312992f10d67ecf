"""Reporting sickness: which first days are accepted, which reports staff must look at.

Pure functions on plain values. Rules: DOMAIN.md, "Reporting sickness" (a first day later than
today is refused, an earlier one is flagged as reported late; long sickness, 4 weeks, and
repeated sickness, 3 reports in 6 months, are flagged to staff; every number is a setting).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from app.rules.settings import from_section


@dataclass(frozen=True)
class SicknessSettings:
    long_after_days: int = 28  # sick for 4 weeks or more: "long sickness"
    repeated_reports: int = 3  # this many reports ...
    repeated_within_days: int = 182  # ... within about 6 months: "repeated sickness"

    @classmethod
    def from_settings(cls, settings: dict | None) -> "SicknessSettings":
        """Defaults, overridden by a jobcenter's settings["sickness"] (unknown keys ignored)."""
        return from_section(cls, settings, "sickness")


class FirstDayInFuture(ValueError):
    """Sickness is reported from the first sick day, which cannot be after today."""


def check_first_day(first_day: date, today: date) -> None:
    if first_day > today:
        raise FirstDayInFuture(first_day)


def reported_late(first_day: date, reported_on: date) -> bool:
    """A report about an earlier first day: staff see it flagged."""
    return first_day < reported_on


def is_long(first_day: date, recovered_on: date | None, today: date, settings: SicknessSettings) -> bool:
    """Sick for `long_after_days` days or more (until recovery, or until today while still sick)."""
    last_sick_day = recovered_on - timedelta(days=1) if recovered_on else today
    return (last_sick_day - first_day).days + 1 >= settings.long_after_days


def is_repeated(first_days: Iterable[date], today: date, settings: SicknessSettings) -> bool:
    """`repeated_reports` or more sicknesses that started within the last `repeated_within_days`."""
    since = today - timedelta(days=settings.repeated_within_days)
    return sum(1 for day in first_days if day >= since) >= settings.repeated_reports


def recovery_overdue(expected_return_on: date | None, recovered_on: date | None, today: date) -> bool:
    """The expected return day has passed without a recovery report: ask the citizen."""
    return expected_return_on is not None and recovered_on is None and today > expected_return_on
