"""A confirmation as a receipt the citizen can keep: a page and a PDF, in their language."""

from datetime import date

from flask import Response
from flask_babel import force_locale, format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.letters.pdf import Letter, recipient_lines, render_letter, sender_lines
from app.letters.render import pdf_download
from app.models import JobSearchConfirmation
from app.models.types import utcnow
from app.rules import job_search as rules

CHANNEL_NAMES = {
    "web": _l("On Borgerportal"),
    "link": _l("With the link in a reminder"),
    "sms": _l("By SMS"),
    "in_person": _l("In person at the jobcenter"),
    "helper": _l("By your helper"),
}


def today() -> date:
    return rules.danish_today(utcnow())


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
            _("For the deadline: %(date)s", date=format_date(confirmation.due_on, "long")),
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


def channel_name(channel: str) -> str:
    return str(CHANNEL_NAMES.get(channel, channel))
