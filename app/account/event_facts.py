"""The details of an audit event in plain words, for the citizen's activity page and the staff
citizen page.

An audit event stores codes, dates and numbers ("passport", "sygdom", "2029-12-13"). Shown raw
they read as if someone had typed them (issue 17: "(passport)"), so each known detail becomes a
translated sentence, and a detail without a sentence here is left out rather than shown raw.
Free text (a rejection reason, a do-not-sanction reason) and contact addresses are not repeated:
the pages that own them show them.
"""

from datetime import date, datetime

from flask_babel import format_date, format_datetime, ngettext
from flask_babel import gettext as _

from app.account import labels
from app.claims import labels as claim_labels
from app.job_search.receipts import channel_name
from app.mandates import labels as mandate_labels
from app.plan import labels as plan_labels
from app.sickness import labels as sickness_labels
from app.staff.forms import ID_DOCUMENTS

ID_DOCUMENT = {choice.value: choice.label for choice in ID_DOCUMENTS}
# Details that are recorded as evidence but not shown on these pages (see the docstring).
NOT_SHOWN = frozenset({"reason", "recipient", "now", "role", "deadline_on"})


def event_facts(event) -> list[str]:
    """Each shown detail of `event` as one short translated sentence, in the order recorded."""
    details = dict(event.details or {})
    facts = []
    for key, value in details.items():
        if key == "starts_on":
            facts.append(_period(details))
        elif not (key == "ends_on" and "starts_on" in details) and key in FACTS:
            facts.append(FACTS[key](value, event.action))
    return [fact for fact in facts if fact]


def _day(value: str) -> str:
    return format_date(date.fromisoformat(value), "long")


def _period(details: dict) -> str:
    start = _day(details["starts_on"])
    if details.get("ends_on"):
        return _("%(start)s to %(end)s", start=start, end=_day(details["ends_on"]))
    return _("from %(start)s, end not known yet", start=start)


def _channel(value: str, action: str) -> str:
    if action == "job_search.confirmed":
        return _("How: %(channel)s", channel=channel_name(value))
    if action == "plan.delivery_recorded":
        return _("How: %(channel)s", channel=labels.label(plan_labels.DELIVERY_CHANNEL, value))
    return _("How: %(channel)s", channel=labels.label(labels.CHANNEL, value))


def _scopes(value: list, _action: str) -> str:
    names = [labels.label(mandate_labels.SCOPE, scope) for scope in value]
    return _("May: %(scopes)s", scopes="; ".join(names))


def _when(value: str, _action: str) -> str:
    return _("Until %(date)s", date=format_datetime(datetime.fromisoformat(value), "short"))


FACTS = {
    "id_seen": lambda value, _a: _("ID checked: %(document)s", document=labels.label(ID_DOCUMENT, value)),
    "channel": _channel,
    "kind": lambda value, _a: _("Kind: %(kind)s", kind=labels.label(labels.EXEMPTION_KIND, value)),
    "ends_on": lambda value, _a: _("Until %(date)s", date=_day(value)) if value else None,
    "due_on": lambda value, _a: _("Deadline %(date)s", date=_day(value)),
    "stage": lambda value, _a: labels.label(labels.STAGE, value),
    "decision": lambda value, _a: labels.label(labels.DECISION, value),
    "number": lambda value, _a: _("Version %(number)d", number=value),
    "disagrees": lambda value, _a: _("Disagrees with the plan") if value else None,
    "delivered_on": lambda value, _a: _("Sent on %(date)s", date=_day(value)),
    "signed_on": lambda value, _a: _("Signed on %(date)s", date=_day(value)),
    "first_day": lambda value, _a: _("First sick day: %(date)s", date=_day(value)),
    "recovered_on": lambda value, _a: _("Well again from %(date)s", date=_day(value)),
    "reported_late": lambda value, _a: str(sickness_labels.FLAG["late"]) if value else None,
    "partial": lambda value, _a: _("Partly sick") if value else None,
    "amount_ore": lambda value, _a: claim_labels.amount_text(value),
    "files": lambda value, _a: ngettext("%(num)d file", "%(num)d files", value),
    "duplicate": lambda value, _a: labels.label(claim_labels.DUPLICATE, value) if value else None,
    "helper": lambda value, _a: _("Helper: %(name)s", name=value),
    "scopes": _scopes,
    "until": _when,
    "purpose": lambda value, _a: _("Which: %(purpose)s", purpose=labels.label(labels.PURPOSE, value)),
    "starts_on": lambda _value, _a: None,  # shown with ends_on as one period (event_facts)
    **dict.fromkeys(NOT_SHOWN, lambda _value, _a: None),
}
