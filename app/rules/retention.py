"""How long the portal keeps each kind of data: per-jobcenter settings (settings["retention"])
with the defaults below. The reasons for each default are in the README ("Keeping data"); the
municipality's data protection officer decides the values.

0 means "never deleted by the portal" (the municipality's archive rules decide instead).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.rules.settings import from_section


@dataclass(frozen=True)
class RetentionSettings:
    message_text_days: int = 90  # the text of a message after it was sent; status and times stay
    inbound_sms_days: int = 365  # SMS citizens sent us
    closed_case_years: int = 5  # sickness reports, invoices and their files, after the case closed
    lookup_years: int = 5  # who looked at a case
    audit_years: int = 0  # what was done on a case: the municipality's records

    @classmethod
    def from_settings(cls, settings: dict | None) -> "RetentionSettings":
        return from_section(cls, settings, "retention")


def days_before(now: datetime, days: int) -> datetime | None:
    """The moment before which rows kept `days` are due (None: kept for ever)."""
    return now - timedelta(days=days) if days > 0 else None


def closed_before(today: date, years: int) -> date | None:
    """Cases closed before this day are past `years` (None: kept for ever)."""
    if years <= 0:
        return None
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def all_ended_before(today: date, policy: RetentionSettings) -> date | None:
    """Cases closed before this day have passed every period that counts for them, so nothing of
    them need remain (None: some of it is kept for ever). Data made after the case closed (a
    look-up, say) is emptied with the rest; the audit period is the municipality's records and
    ends nothing here: those events stay, emptied of personal details."""
    days = (policy.message_text_days, policy.inbound_sms_days)
    years = (policy.closed_case_years, policy.lookup_years)
    if min(days + years) <= 0:
        return None
    return min(closed_before(today, max(years)), today - timedelta(days=max(days)))
