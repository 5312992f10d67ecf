"""Plain-language names for the parts of a plan, shared by the pages, the forms and the PDF."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.i18n import label

FIELD = {
    "goals": _l("Your goals"),
    "job_search_requirements": _l("Your job search"),
    "contact_person": _l("Your contact person"),
    "mentor": _l("Your mentor"),
    "title": _l("Activity"),
    "provider": _l("Where"),
    "starts_on": _l("Starts"),
    "ends_on": _l("Ends"),
    "hours_per_week": _l("Hours a week"),
    "is_duty": _l("Duty or voluntary"),
    "purpose": _l("Why you take part"),
    "gain": _l("What you will have gained"),
}
DUTY = {True: _l("Duty: you must take part"), False: _l("Voluntary: you choose")}
# The labels that say "you", as a helper reads them about the citizen (%(name)s).
FIELD_ABOUT = {
    "goals": _l("Goals of %(name)s"),
    "job_search_requirements": _l("Job search of %(name)s"),
    "contact_person": _l("Contact person of %(name)s"),
    "mentor": _l("Mentor of %(name)s"),
    "purpose": _l("Why %(name)s takes part"),
    "gain": _l("What %(name)s will have gained"),
}
DUTY_ABOUT = {True: _l("Duty: %(name)s must take part"), False: _l("Voluntary: %(name)s chooses")}


def field_label(name: str, about: str | None = None) -> str:
    """The label of a plan field, to the citizen or `about` them (their first name)."""
    if about is not None and name in FIELD_ABOUT:
        return str(FIELD_ABOUT[name]) % {"name": about}
    return str(FIELD[name])


def duty_label(is_duty: bool, about: str | None = None) -> str:
    return str(DUTY_ABOUT[is_duty]) % {"name": about} if about is not None else str(DUTY[is_duty])


DELIVERY_CHANNEL = {"digital_post": _l("Digital post"), "letter": _l("Letter")}
# What staff see about how far the current version has got (services.delivery_state).
DELIVERY_STATE = {
    "acknowledged": _l("Receipt confirmed by the citizen"),
    "awaiting_acknowledgement": _l("Waiting for the citizen to confirm receipt"),
    "delivered": _l("Validly delivered"),
    "not_delivered": _l("Not yet validly delivered: send it by digital post or letter and record it"),
}
RECEIPT = {
    "viewed": _l("Opened"),
    "read": _l("Marked as read"),
    "acknowledged": _l("Receipt confirmed"),
}


# The sentences for the details Min Plan audits (account/event_facts.py).
EVENT_FACTS = {
    ("channel", "plan.delivery_recorded"): lambda value, _a: _(
        "How: %(channel)s", channel=label(DELIVERY_CHANNEL, value)
    ),
}
