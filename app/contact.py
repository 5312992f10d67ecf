"""Which jobcenter a page names for help: the signed-in person's own, else the portal's.

A citizen, a helper acting for one and staff see their own jobcenter's phone and e-mail (from
the jobcenter's settings). Pages without a known jobcenter (not signed in, a helper on their own
page) show the portal's contact from the configuration (PORTAL_CONTACT_PHONE/EMAIL).
"""

from dataclasses import dataclass

from flask import current_app, g
from flask_login import current_user


@dataclass(frozen=True)
class Contact:
    name: str  # the jobcenter's name; "" when the page does not know whose jobcenter it is
    phone: str
    email: str


def page_contact(case) -> Contact:
    """The contact for this page. `case` is the citizen's case being shown, if any."""
    config = current_app.config
    jobcenter = _own_jobcenter(case)
    if jobcenter is None:
        return Contact("", config["PORTAL_CONTACT_PHONE"], config["PORTAL_CONTACT_EMAIL"])
    return Contact(
        jobcenter.name,
        jobcenter.phone or config["PORTAL_CONTACT_PHONE"],
        jobcenter.email or config["PORTAL_CONTACT_EMAIL"],
    )


def _own_jobcenter(case):
    if case is not None:
        return case.citizen.jobcenter
    if g.get("database_down") or not getattr(current_user, "is_authenticated", False):
        return None
    return getattr(current_user, "jobcenter", None)  # citizens and staff; a helper has none
