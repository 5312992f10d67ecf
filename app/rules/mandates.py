"""Mandates (fuldmagt): what a helper may do for a citizen, and for how long.

Pure functions on plain values. Rules: DOMAIN.md, "Relatives' shared access": the helper acts
with their own login, within scopes the citizen granted, until an end date; the citizen or
staff can revoke at any time. Modelled on Digital Fuldmagt (a default of 12 months, at most
3 years, so nobody is helped for ever by someone they forgot).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.rules.settings import from_section

VIEW, REPORT_SICKNESS, UPLOAD_CLAIMS = "view", "report_sickness", "upload_claims"
ACKNOWLEDGE_PLAN, CONFIRM_JOB_SEARCH = "acknowledge_plan", "confirm_job_search"
# See the meetings, add them to a calendar and say "I cannot come" for the citizen (issue 20).
MEETINGS = "meetings"
SCOPES = (VIEW, REPORT_SICKNESS, UPLOAD_CLAIMS, ACKNOWLEDGE_PLAN, MEETINGS, CONFIRM_JOB_SEARCH)

# invited: waiting for the helper; requested: waiting for the citizen; active: in force until
# its end date; declined / refused: the other side said no; revoked: ended by citizen or staff.
INVITED, REQUESTED, ACTIVE = "invited", "requested", "active"
DECLINED, REFUSED, REVOKED = "declined", "refused", "revoked"

DEFAULT_MONTHS = 12
LONGEST = timedelta(days=3 * 365 + 1)  # three years, whatever leap days fall in between
INVITATION_LIFETIME = timedelta(days=14)
EXPIRY_NOTICE = timedelta(days=14)  # the citizen hears this long before a mandate ends


@dataclass(frozen=True)
class MandateSettings:
    # Confirming job search is a duty with consequences; a jobcenter decides if helpers may.
    helpers_may_confirm_job_search: bool = False

    @classmethod
    def from_settings(cls, settings: dict | None) -> "MandateSettings":
        return from_section(cls, settings, "mandates")


def scopes_offered(settings: MandateSettings) -> tuple[str, ...]:
    if settings.helpers_may_confirm_job_search:
        return SCOPES
    return tuple(scope for scope in SCOPES if scope != CONFIRM_JOB_SEARCH)


def default_end(today: date) -> date:
    """The same day 12 months later (28 February when today is 29 February)."""
    try:
        return today.replace(year=today.year + DEFAULT_MONTHS // 12)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def latest_end(today: date) -> date:
    return today + LONGEST


def end_is_allowed(ends_on: date, today: date) -> bool:
    return today <= ends_on <= latest_end(today)


def is_live(status: str, ends_on: date, today: date) -> bool:
    """In force: accepted, not revoked, and the end date (inclusive) not passed."""
    return status == ACTIVE and today <= ends_on


def has_expired(status: str, ends_on: date, today: date) -> bool:
    return status == ACTIVE and ends_on < today


def invitation_open(status: str, created_at: datetime, now: datetime) -> bool:
    return status == INVITED and now < created_at + INVITATION_LIFETIME


def state(status: str, ends_on: date, created_at: datetime, now: datetime, today: date) -> str:
    """The status as people see it: time turns "active" into "expired" and an unanswered
    invitation into "invitation_expired"."""
    if has_expired(status, ends_on, today):
        return "expired"
    if status == INVITED and not invitation_open(status, created_at, now):
        return "invitation_expired"
    return status
