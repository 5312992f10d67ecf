"""A version of Min Plan as a PDF: for the citizen to keep, and for staff to post as a letter.

Headings and explanations are in the chosen language; the plan's own text is what the
caseworker wrote, printed as written (Danish stays left to right inside an Arabic letter).
"""

from flask import Response
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from app.i18n import format_hours
from app.letters.pdf import Block, Letter, recipient_lines, render_letter, sender_lines
from app.letters.render import pdf_download
from app.models import PlanActivity, PlanVersion
from app.plan import labels


def plan_pdf_response(version: PlanVersion, language: str) -> Response:
    return pdf_download(render_letter(plan_letter(version, language)), f"min-plan-{version.number}.pdf")


def plan_letter(version: PlanVersion, language: str) -> Letter:
    citizen, jobcenter = version.citizen, version.citizen.jobcenter
    with force_locale(language):
        published = format_date(version.published_at, "long")
        return Letter(
            language=language,
            sender_lines=sender_lines(jobcenter),
            recipient_lines=recipient_lines(citizen),
            date_text=published,
            title=_("Min Plan, version %(number)d", number=version.number),
            paragraphs=[_intro(version, published), *_sections(version), *_activities(version)],
        )


def _intro(version: PlanVersion, published: str) -> str:
    return _(
        "This is your plan from the jobcenter. %(name)s published it on %(date)s. Reference: %(reference)s.",
        name=version.published_by_label,
        date=published,
        reference=version.reference,
    )


def _sections(version: PlanVersion) -> list:
    blocks = []
    for name in ("goals", "job_search_requirements", "contact_person", "mentor"):
        if text := getattr(version, name):
            blocks += [Block(str(labels.FIELD[name]), bold=True), Block(text, as_written=True)]
    return blocks


def _activities(version: PlanVersion) -> list:
    if not version.activities:
        return []
    blocks = [Block(_("Your activities"), bold=True)]
    for activity in version.activities:
        blocks += [Block(activity.title, bold=True, as_written=True), "\n".join(_facts(activity))]
        for name in ("purpose", "gain"):
            if text := getattr(activity, name):
                blocks += [Block(str(labels.FIELD[name]), bold=True), Block(text, as_written=True)]
    return blocks


def _facts(activity: PlanActivity) -> list[str]:
    facts = [str(labels.DUTY[activity.is_duty])]
    if activity.provider:
        facts.append(f"{labels.FIELD['provider']}: {activity.provider}")
    if activity.starts_on:
        facts.append(f"{labels.FIELD['starts_on']}: {format_date(activity.starts_on, 'long')}")
    if activity.ends_on:
        facts.append(f"{labels.FIELD['ends_on']}: {format_date(activity.ends_on, 'long')}")
    if activity.hours_per_week is not None:
        facts.append(f"{labels.FIELD['hours_per_week']}: {format_hours(activity.hours_per_week)}")
    return facts
