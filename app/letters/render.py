"""Turn a letter in the outbox into a printable PDF, in the citizen's language."""

from flask import Response
from flask_babel import force_locale, format_date

from app.extensions import db
from app.letters.pdf import Letter, render_letter, sender_lines
from app.models import Citizen, Message


def letter_pdf_response(message: Message, code: str | None = None) -> Response:
    """The letter as a PDF download for staff to print (never cached: it may hold a code).
    `code`: a code letter's code, unsealed for this download only (the database keeps it sealed)."""
    return pdf_download(render_letter(letter_from(message, code)), f"brev-{message.id}.pdf")


def pdf_download(pdf: bytes, filename: str) -> Response:
    """A PDF sent as a download that no cache keeps (it is about one citizen)."""
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def letter_from(message: Message, code: str | None = None) -> Letter:
    jobcenter = db.session.get(Citizen, message.citizen_id).jobcenter
    with force_locale(message.language):
        date_text = format_date(message.created_at, "long")
    return Letter(
        language=message.language,
        sender_lines=sender_lines(jobcenter),
        recipient_lines=message.recipient.splitlines(),
        date_text=date_text,
        title=message.subject,
        paragraphs=message.body.split("\n\n"),
        highlight=code or message.context.get("code"),
    )
