"""Plain names for the sickness flags staff see."""

from flask_babel import lazy_gettext as _l

FLAG = {
    "new": _l("New"),
    "late": _l("Reported late"),
    "long": _l("Long sickness"),
    "repeated": _l("Repeated sickness"),
    "recovery_overdue": _l("Recovery not reported"),
}


# The sentences for the details sickness audits (account/event_facts.py).
EVENT_FACTS = {"reported_late": lambda value, _a: str(FLAG["late"]) if value else None}
