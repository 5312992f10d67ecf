"""The details of an audit event in plain words, for the citizen's activity page and the staff
citizen page.

An audit event stores codes, dates and numbers ("passport", "sickness", "2029-12-13"). Shown raw
they read as if someone had typed them (issue 17: "(passport)"), so each known detail becomes a
translated sentence, and a detail without a sentence here is left out rather than shown raw.
Free text (a rejection reason, a do-not-sanction reason) and contact addresses are not repeated:
the pages that own them show them.

The sentences for details only one feature records (an amount, the scopes of a mandate, the ID
staff checked) live with that feature, which plugs them into the EVENT_FACTS slot
(app/slots.py); a (detail, action) entry words a detail for one action.
"""

from datetime import date, datetime

from flask_babel import format_date, format_datetime, ngettext
from flask_babel import gettext as _

from app.account import labels
from app.slots import EVENT_FACTS, plugged

# Details that are recorded as evidence but not shown on these pages (see the docstring).
NOT_SHOWN = frozenset({"reason", "recipient", "now", "role", "deadline_on"})


def event_facts(event) -> list[str]:
    """Each shown detail of `event` as one short translated sentence, in the order recorded."""
    details = dict(event.details or {})
    table = fact_table()
    facts = []
    for key, value in details.items():
        fact = table.get((key, event.action)) or table.get(key)
        if key == "starts_on":
            facts.append(_period(details))
        elif not (key == "ends_on" and "starts_on" in details) and fact:
            facts.append(fact(value, event.action))
    return [fact for fact in facts if fact]


def fact_table() -> dict:
    """The sentences of this app: the shared ones below and those the features plugged in."""
    table = dict(FACTS)
    for facts in plugged(EVENT_FACTS):
        table.update(facts)
    return table


def _day(value: str) -> str:
    return format_date(date.fromisoformat(value), "long")


def _period(details: dict) -> str:
    start = _day(details["starts_on"])
    if details.get("ends_on"):
        return _("%(start)s to %(end)s", start=start, end=_day(details["ends_on"]))
    return _("from %(start)s, end not known yet", start=start)


def _when(value: str, _action: str) -> str:
    return _("Until %(date)s", date=format_datetime(datetime.fromisoformat(value), "short"))


FACTS = {
    "channel": lambda value, _a: _("How: %(channel)s", channel=labels.label(labels.CHANNEL, value)),
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
    "partial": lambda value, _a: _("Partly sick") if value else None,
    "files": lambda value, _a: ngettext("%(num)d file", "%(num)d files", value),
    "helper": lambda value, _a: _("Helper: %(name)s", name=value),
    "until": _when,
    "purpose": lambda value, _a: _("Which: %(purpose)s", purpose=labels.purpose_label(value)),
    "starts_on": lambda _value, _a: None,  # shown with ends_on as one period (event_facts)
    **dict.fromkeys(NOT_SHOWN, lambda _value, _a: None),
}
