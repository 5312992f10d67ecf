"""The readable half of the copy: a PDF in the citizen's language, drawn from the same JSON
values as data.json so the two never disagree. Texts people typed (plan goals, notes, SMS) are
printed as written; labels come from the features' own label tables."""

from datetime import date, datetime

from flask_babel import force_locale, format_date, format_datetime
from flask_babel import gettext as _

from app.account import labels
from app.claims import labels as claim_labels
from app.i18n import label
from app.letters.pdf import Block, Letter, recipient_lines, render_letter, sender_lines
from app.mandates import labels as mandate_labels
from app.models import Citizen


def export_pdf(citizen: Citizen, data: dict, lookups: list, language: str, names_shown: bool) -> bytes:
    """`data` is citizen_data(); `lookups` the look-up events (who looked, named as the jobcenter's
    policy says: `names_shown`)."""
    with force_locale(language):
        letter = Letter(
            language=language,
            sender_lines=sender_lines(citizen.jobcenter),
            recipient_lines=recipient_lines(citizen),
            date_text=format_date(_when(data["generated_at"]), "long"),
            title=_("All data Borgerportal holds about %(name)s", name=citizen.name),
            paragraphs=[_intro(), *_sections(data, lookups, names_shown)],
        )
        return render_letter(letter)


def _intro() -> str:
    return _(
        "This is a copy of everything the jobcenter keeps about you in Borgerportal. The file "
        "data.json holds the same data for a computer, and the folder files holds the files you "
        "uploaded. Call the jobcenter if something is wrong or missing."
    )


def _sections(data: dict, lookups: list, names_shown: bool) -> list:
    sections = [
        (_("About you"), _person(data)),
        (_("Exemptions"), [_exemption(row) for row in data["exemptions"]]),
        (_("Job search confirmed"), [_confirmation(row) for row in data["job_search_confirmations"]]),
        (_("Min Plan"), [line for version in data["plans"] for line in _plan(version)]),
        (_("Sickness"), [_sickness(row) for row in data["sickness_reports"]]),
        (_("Invoices"), [_claim(row) for row in data["claims"]]),
        (_("Helpers"), [_mandate(row) for row in data["mandates"]]),
        (_("Messages to you"), [_message(row) for row in data["messages"]]),
        (_("SMS from you"), [_inbound(row) for row in data["inbound_sms"]]),
        (_("Activity on the case"), [_event(row) for row in data["audit_events"] if not _is_lookup(row)]),
        (_("Who has looked at the case"), [_lookup(event, names_shown) for event in lookups]),
    ]
    paragraphs = []
    for heading, lines in sections:
        paragraphs += [Block(heading, bold=True), *(lines or [_("None.")])]
    return paragraphs


def _when(value: str | None) -> datetime | date | None:
    if not value:
        return None
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def _day(value: str | None) -> str:
    return format_date(_when(value), "short") if value else "–"


def _moment(value: str | None) -> str:
    return format_datetime(_when(value), "short") if value else "–"


def _person(data: dict) -> list:
    person, contact = data["person"], data["contact"]
    facts = [
        (_("Name"), person["name"]),
        (_("CPR number"), person["cpr"]),
        (_("Phone number"), contact["phone"] or _("None")),
        (_("E-mail"), contact["email"] or _("None")),
        (_("Jobcenter"), person["jobcenter"]["name"]),
    ]
    return [Block(f"{name}: {value}", as_written=name == facts[0][0]) for name, value in facts]


def _exemption(row: dict) -> str:
    return f"{label(labels.EXEMPTION_KIND, row['kind'])}: {_day(row['starts_on'])} – {_day(row['ends_on'])}"


def _confirmation(row: dict) -> str:
    return f"{_moment(row['confirmed_at'])} · {row['actor_label']}"


def _plan(version: dict) -> list:
    heading = _(
        "Version %(number)d, published %(date)s.",
        number=version["number"],
        date=_day(version["published_at"]),
    )
    return [heading, *([Block(version["goals"], as_written=True)] if version["goals"] else [])]


def _sickness(row: dict) -> str:
    if row["recovered_on"]:
        return _("%(start)s to %(end)s", start=_day(row["first_day"]), end=_day(row["recovered_on"]))
    return _("Sick from %(date)s", date=_day(row["first_day"]))


def _claim(row: dict) -> Block:
    amount = claim_labels.amount_text(row["amount_ore"])
    status = label(claim_labels.STATUS, row["status"])
    return Block(f"{_day(row['invoice_date'])} · {row['vendor']} · {amount} · {status}", as_written=True)


def _mandate(row: dict) -> Block:
    scopes = ", ".join(label(mandate_labels.SCOPE, scope) for scope in row["scopes"] or [])
    return Block(f"{row['helper_name'] or '–'}: {scopes} · {_day(row['ends_on'])}", as_written=True)


def _message(row: dict) -> str:
    parts = (labels.purpose_label(row["purpose"]), label(labels.CHANNEL, row["channel"]))
    status = label(labels.MESSAGE_STATUS, row["status"])
    return f"{_moment(row['created_at'])} · {' · '.join(parts)} · {status}"


def _inbound(row: dict) -> str:
    return f"{_moment(row['received_at'])} · {row['body']} · {label(labels.INBOUND_OUTCOME, row['outcome'])}"


def _is_lookup(row: dict) -> bool:
    return row["action"].startswith("lookup.")


def _event(row: dict) -> str:
    return f"{_moment(row['at'])} · {label(labels.ACTIONS, row['action'])} · {row['actor_label'] or '–'}"


def _lookup(event, names_shown: bool) -> str:
    who = labels.looker(event, names_shown)
    return f"{format_datetime(event.at, 'short')} · {labels.looked_at(event)} · {who}"
