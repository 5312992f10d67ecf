"""A confirmation as a receipt the citizen can keep: a page and a PDF, in their language."""

from dataclasses import dataclass
from datetime import date

from flask import Response
from flask_babel import force_locale, format_date, format_datetime, format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.job_search.services import window_opens_on
from app.letters.pdf import Letter, recipient_lines, render_letter, sender_lines
from app.letters.render import pdf_download
from app.models import JobSearchConfirmation, JobSearchStatus
from app.models.types import utcnow
from app.rules import dates
from app.rules import job_search as rules

CHANNEL_NAMES = {
    "web": _l("On Borgerportal"),
    "link": _l("With the link in a reminder"),
    "sms": _l("By SMS"),
    "in_person": _l("In person at the jobcenter"),
    "helper": _l("By a helper"),
}


def today() -> date:
    return dates.danish_today(utcnow())


def pdf_response(confirmation: JobSearchConfirmation) -> Response:
    pdf = render_letter(receipt_letter(confirmation))
    return pdf_download(pdf, f"kvittering-{confirmation.reference}.pdf")


def receipt_letter(confirmation: JobSearchConfirmation) -> Letter:
    citizen = confirmation.citizen
    jobcenter = citizen.jobcenter
    with force_locale(citizen.language):
        lines = [
            _("Reference: %(reference)s", reference=confirmation.reference),
            _("Confirmed: %(time)s", time=format_datetime(confirmation.confirmed_at, "long")),
            _("Deadline when you confirmed: %(date)s", date=format_date(confirmation.due_on, "long")),
            _("How: %(channel)s", channel=channel_name(confirmation.channel)),
            _("By: %(name)s", name=confirmation.actor_label),
        ]
        return Letter(
            language=citizen.language,
            sender_lines=sender_lines(jobcenter),
            recipient_lines=recipient_lines(citizen),
            date_text=format_date(confirmation.confirmed_at, "long"),
            title=_("Receipt: job search confirmed"),
            paragraphs=[
                _("You confirmed that you are looking for work."),
                "\n".join(lines),
                _("Keep this receipt. It shows when you confirmed."),
            ],
        )


@dataclass(frozen=True)
class Summary:
    """What the receipt says in plain words: what happened, and what comes next. Confirming
    early gives the same due date as before (7 days from today), so the receipt must not read
    like nothing happened (issue 17)."""

    happened: str
    next_time: str | None


def summary(
    confirmation: JobSearchConfirmation, status: JobSearchStatus, today: date, about: str | None = None
) -> Summary:
    """`about`: the citizen's first name when someone else (a helper) reads the receipt."""
    latest = status.last_confirmed_on == dates.danish_today(confirmation.confirmed_at)
    next_time = None
    if latest and status.due_on and status.stage == rules.OPEN:
        opens_on = window_opens_on(confirmation.citizen, status.due_on)
        next_time = next_time_text(opens_on, status.due_on, today, about)
    return Summary(confirmed_text(confirmation, today, about), next_time)


def confirmed_text(confirmation: JobSearchConfirmation, today: date, about: str | None = None) -> str:
    when = confirmation.confirmed_at
    values = {"date": format_date(when, "long"), "time": format_time(when, "short")}
    confirmed_today = dates.danish_today(when) == today
    if about is not None:
        if confirmed_today:
            return _("The job search was confirmed today, %(date)s, at %(time)s.", **values)
        return _("The job search was confirmed on %(date)s at %(time)s.", **values)
    if confirmed_today:
        return _("You confirmed today, %(date)s, at %(time)s.", **values)
    return _("You confirmed on %(date)s at %(time)s.", **values)


def next_time_text(opens_on: date, due_on: date, today: date, about: str | None = None) -> str:
    end, start = format_date(due_on, "long"), format_date(opens_on, "long")
    if about is not None and opens_on > today:
        return _(
            "Next time: by %(end)s — %(name)s can confirm from %(start)s. We will remind %(name)s.",
            end=end,
            start=start,
            name=about,
        )
    if about is not None:
        return _("Next time: by %(end)s. %(name)s can confirm now.", end=end, name=about)
    if opens_on > today:
        return _(
            "Next time: by %(end)s — you can confirm from %(start)s. We will remind you.",
            end=end,
            start=start,
        )
    return _("Next time: by %(end)s. You can confirm now.", end=end)


def channel_name(channel: str) -> str:
    return str(CHANNEL_NAMES.get(channel, channel))


# The sentences for the details job search audits (account/event_facts.py).
EVENT_FACTS = {
    ("channel", "job_search.confirmed"): lambda value, _a: _("How: %(channel)s", channel=channel_name(value)),
}
