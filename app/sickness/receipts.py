"""A sickness report as a receipt the citizen can keep: the facts for the page, and a PDF."""

from flask import Response
from flask_babel import force_locale, format_date, format_datetime
from flask_babel import gettext as _

from app.i18n import format_hours
from app.letters.pdf import Block, Letter, recipient_lines, render_letter, sender_lines
from app.letters.render import pdf_download
from app.models import SicknessReport


def receipt_facts(report: SicknessReport) -> list[str]:
    """One line per fact, in the active language: for the page and the PDF alike."""
    facts = [
        _("Reference: %(reference)s", reference=report.reference),
        _("Reported: %(time)s", time=format_datetime(report.reported_at, "long")),
        _("First sick day: %(date)s", date=format_date(report.first_day, "long")),
    ]
    if report.expected_return_on:
        facts.append(
            _("Expected to be well again: %(date)s", date=format_date(report.expected_return_on, "long"))
        )
    if report.partial_hours is not None:
        facts.append(
            _("Partly sick: can work %(hours)s hours a week", hours=format_hours(report.partial_hours))
        )
    if report.recovered_on:
        facts.append(_("Well again from: %(date)s", date=format_date(report.recovered_on, "long")))
    facts.append(_("By: %(name)s", name=report.actor_label))
    return facts


def pdf_response(report: SicknessReport, language: str) -> Response:
    pdf = render_letter(receipt_letter(report, language))
    return pdf_download(pdf, f"sygemelding-{report.reference}.pdf")


def receipt_letter(report: SicknessReport, language: str) -> Letter:
    citizen = report.citizen
    with force_locale(language):
        paragraphs = [
            _(
                "We have received your sickness report. You do not need to confirm your job search "
                "while you are sick."
            ),
            "\n".join(receipt_facts(report)),
        ]
        if report.note:
            paragraphs += [Block(_("Your message"), bold=True), Block(report.note, as_written=True)]
        paragraphs.append(_("Keep this receipt. It shows when you reported sick."))
        return Letter(
            language=language,
            sender_lines=sender_lines(citizen.jobcenter),
            recipient_lines=recipient_lines(citizen),
            date_text=format_date(report.reported_at, "long"),
            title=_("Receipt: sickness reported"),
            paragraphs=paragraphs,
        )
