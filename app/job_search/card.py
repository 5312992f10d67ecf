"""What the job-search card on the citizen's front page says. The button never just disappears:
when there is nothing to confirm, the card says why and until when (DOMAIN.md, "Confirming
job search": the button that vanished without explanation was one of the old failures)."""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.job_search import receipts, services
from app.models import Citizen, Exemption, JobSearchConfirmation, JobSearchStatus
from app.rules import dates
from app.rules import job_search as rules

# Why there is no duty right now, per kind of exemption: (with an end date, open-ended).
EXEMPTION_REASONS = {
    "parental_leave": (
        _l(
            "You are on parental leave (barsel) until %(date)s. You do not need to confirm "
            "your job search before then."
        ),
        _l("You are on parental leave (barsel). You do not need to confirm your job search while it lasts."),
    ),
    "sickness": (
        _l("You are reported sick until %(date)s. You do not need to confirm your job search before then."),
        _l("You are reported sick. You do not need to confirm your job search until you are well again."),
    ),
    "holiday": (
        _l("You are on holiday until %(date)s. You do not need to confirm your job search before then."),
        _l("You are on holiday. You do not need to confirm your job search while it lasts."),
    ),
    "treatment": (
        _l("You are in treatment until %(date)s. You do not need to confirm your job search before then."),
        _l("You are in treatment. You do not need to confirm your job search while it lasts."),
    ),
    "job_start": (
        _l("You are starting a job. You do not need to confirm your job search until %(date)s."),
        _l("You are starting a job. You do not need to confirm your job search."),
    ),
    "other": (
        _l("The jobcenter has paused your job search duty until %(date)s."),
        _l("The jobcenter has paused your job search duty."),
    ),
}

# The same about someone else (%(name)s): what a helper or staff read.
EXEMPTION_REASONS_ABOUT = {
    "parental_leave": (
        _l(
            "%(name)s is on parental leave (barsel) until %(date)s and does not need to confirm "
            "the job search before then."
        ),
        _l(
            "%(name)s is on parental leave (barsel) and does not need to confirm the job search "
            "while it lasts."
        ),
    ),
    "sickness": (
        _l(
            "%(name)s is reported sick until %(date)s and does not need to confirm the job search "
            "before then."
        ),
        _l("%(name)s is reported sick and does not need to confirm the job search until well again."),
    ),
    "holiday": (
        _l("%(name)s is on holiday until %(date)s and does not need to confirm the job search before then."),
        _l("%(name)s is on holiday and does not need to confirm the job search while it lasts."),
    ),
    "treatment": (
        _l(
            "%(name)s is in treatment until %(date)s and does not need to confirm the job search before then."
        ),
        _l("%(name)s is in treatment and does not need to confirm the job search while it lasts."),
    ),
    "job_start": (
        _l("%(name)s is starting a job and does not need to confirm the job search until %(date)s."),
        _l("%(name)s is starting a job and does not need to confirm the job search."),
    ),
    "other": (
        _l("The jobcenter has paused the job search duty of %(name)s until %(date)s."),
        _l("The jobcenter has paused the job search duty of %(name)s."),
    ),
}

TO_DO, LATE, DONE, EXEMPT, NO_DUTY = "to_do", "late", "done", "exempt", "no_duty"


@dataclass(frozen=True)
class JobSearchCard:
    state: str
    status: JobSearchStatus | None = None
    exemption: Exemption | None = None
    last: JobSearchConfirmation | None = None
    window_opens_on: date | None = None  # when a "done" citizen is asked again
    today: date | None = None

    @property
    def needs_action(self) -> bool:
        return self.state in (TO_DO, LATE)

    @property
    def risk_of_deregistration(self) -> bool:
        return self.state == LATE and self.status.stage == rules.FOLLOW_UP

    def confirmed_text(self, about: str | None = None) -> str:
        return receipts.confirmed_text(self.last, self.today, about)

    def next_time_text(self, about: str | None = None) -> str:
        return receipts.next_time_text(self.window_opens_on, self.status.due_on, self.today, about)

    def exemption_reason(self, format_day, about: str | None = None) -> str:
        """Why there is nothing to confirm: to the citizen, or `about` them (their first name) to a
        helper or staff."""
        table = EXEMPTION_REASONS if about is None else EXEMPTION_REASONS_ABOUT
        with_end, open_ended = table.get(self.exemption.kind, table["other"])
        values = {"name": about} if about else {}
        if self.exemption.ends_on:
            return str(with_end) % {**values, "date": format_day(self.exemption.ends_on)}
        return str(open_ended) % values


def job_search_card(citizen: Citizen, now: datetime) -> JobSearchCard:
    if not services.must_confirm(citizen):
        return JobSearchCard(NO_DUTY)
    today = dates.danish_today(now)
    status = services.current_status(citizen, today)  # read only: a page view writes nothing
    pause = _pause(citizen, status, today)
    if pause:
        return JobSearchCard(EXEMPT, status, exemption=pause)
    if status.due_on is None:  # cannot happen without a pause; say nothing rather than guess
        return JobSearchCard(NO_DUTY)
    last = services.last_confirmation(citizen) if status.last_confirmed_on else None
    opens = services.window_opens_on(citizen, status.due_on)
    if status.stage != rules.OPEN:
        return JobSearchCard(LATE, status, last=last)
    if status.last_confirmed_on and (status.last_confirmed_on == today or today < opens):
        return JobSearchCard(DONE, status, last=last, window_opens_on=opens, today=today)
    return JobSearchCard(TO_DO, status, last=last)


def _pause(citizen: Citizen, status: JobSearchStatus, today: date) -> Exemption | None:
    """The exemption running today, or the open-ended one that stopped the clock."""
    current = [e for e in citizen.exemptions if e.covers(today)]
    if current:
        return max(current, key=lambda e: e.ends_on or date.max)
    if status.due_on is None:
        return next((e for e in citizen.exemptions if e.ends_on is None and e.starts_on > today), None)
    return None


def to_do_items(job_search: JobSearchCard, name: str | None) -> list[str]:
    """The front page's task about job search (see account/todo.py)."""
    if job_search.risk_of_deregistration:
        return [
            _("%(name)s must confirm the job search now.", name=name)
            if name
            else _("Confirm your job search now.")
        ]
    if job_search.needs_action:
        by = format_date(job_search.status.deadline_on, "long")
        if name:
            return [_("%(name)s must confirm the job search by %(date)s.", name=name, date=by)]
        return [_("Confirm your job search by %(date)s.", date=by)]
    return []
