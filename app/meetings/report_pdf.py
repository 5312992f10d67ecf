"""The timeliness report as a PDF for a supervisor's sample: the same rows as the CSV (the same
filters), laid out by the letters' PDF renderer in the staff member's language, so the evidence
of each summons is printed from the portal rather than collected by hand (DOMAIN.md, "Meetings").

Texts the portal stores (names, caseworkers) are printed as written; everything else comes from
the translated labels the page uses."""

from flask_babel import force_locale, format_date, format_datetime
from flask_babel import gettext as _

from app.account import labels as account_labels
from app.i18n import label
from app.letters.pdf import LANGUAGES, Block, Letter, render_letter, sender_lines
from app.meetings import labels
from app.meetings.report import ReportFilter, ReportRow, counts
from app.models.types import utcnow
from app.rules.dates import danish_today


def report_pdf(
    report: list[ReportRow], wanted: ReportFilter, jobcenter, filters: list[str], language: str
) -> bytes:
    """`filters`: the chosen caseworker and target group as the page names them ("" for all)."""
    language = language if language in LANGUAGES else "da"
    with force_locale(language):
        letter = Letter(
            language=language,
            sender_lines=sender_lines(jobcenter),
            recipient_lines=[],
            date_text=format_date(danish_today(utcnow()), "long"),
            title=_("Timeliness of meetings"),
            paragraphs=[*_summary(report, wanted, filters), *_rows(report)],
        )
        return render_letter(letter)


def _summary(report: list[ReportRow], wanted: ReportFilter, filters: list[str]) -> list:
    period = f"{format_date(wanted.first_day, 'long')} – {format_date(wanted.last_day, 'long')}"
    missed = sum(1 for row in report if row.meeting_id is None)
    lines = [period, *(line for line in filters if line)]
    lines += [f"{labels.OUTCOME[outcome]}: {number}" for outcome, number in counts(report).items()]
    lines.append(_("Deadlines that passed with no meeting: %(count)s", count=missed))
    return ["\n".join(lines)]


def _rows(report: list[ReportRow]) -> list:
    paragraphs = []
    for row in report:
        heading = Block(f"{row.name}, {row.cpr} · {row.target_group}", bold=True, as_written=True)
        paragraphs += [heading, "\n".join(_facts(row))]
    return paragraphs


def _facts(row: ReportRow) -> list[str]:
    facts = [_meeting(row)]
    if row.deadline_on:
        facts.append(f"{_('Deadline')}: {format_date(row.deadline_on, 'short')}")
    facts.append(f"{_('Counts as')}: {labels.OUTCOME[row.outcome]}")
    if row.meeting_id:
        facts.append(f"{_('Summons')}: {_summons(row)}")
    if row.citizen_reason:
        said = f"{labels.REASON[row.citizen_reason]} ({format_datetime(row.citizen_answered_at, 'short')})"
        facts.append(f"{_('What the citizen said')}: {said}")
    if row.exemptions:
        facts.append(f"{_('Exemptions')}: {_exemptions(row)}")
    return facts


def _meeting(row: ReportRow) -> str:
    if not row.meeting_id:
        missed = _("No meeting was held or booked by the deadline.")
        return f"{missed} · {row.caseworker}" if row.caseworker else missed
    when, form = format_datetime(row.starts_at, "short"), str(labels.FORM[row.form])
    parts = [row.reference, when, form, row.caseworker]
    return " · ".join(part for part in parts if part)


def _summons(row: ReportRow) -> str:
    parts = []
    if row.summoned_at:
        parts.append(_("Queued %(time)s", time=format_datetime(row.summoned_at, "short")))
    if row.channel:
        parts.append(f"{label(account_labels.CHANNEL, row.channel)}: {_delivery(row)}")
    if row.summons_by_post_at:
        posted = format_datetime(row.summons_by_post_at, "short")
        parts.append(_("Letter or Digital Post %(time)s", time=posted))
    parts.append(_("On time") if row.summoned_on_time else _("Not on time"))
    return "; ".join(parts)


def _delivery(row: ReportRow) -> str:
    if row.delivered_at:
        return _("delivered %(time)s", time=format_datetime(row.delivered_at, "short"))
    if row.sent_at:
        return _("sent %(time)s", time=format_datetime(row.sent_at, "short"))
    return _("not sent")


def _exemptions(row: ReportRow) -> str:
    return "; ".join(
        f"{label(account_labels.EXEMPTION_KIND, e.kind)} {format_date(e.starts_on, 'short')}–"
        f"{format_date(e.ends_on, 'short') if e.ends_on else ''}"
        for e in row.exemptions
    )
