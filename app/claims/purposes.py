"""The messages of expense claims: the decision and the helper's notice.

Declared once here (app/notifications/purposes.py says how); plug_in declares them."""

from flask_babel import lazy_gettext as _l

from app.notifications.purposes import Purpose
from app.notifications.texts import MessageText, helper_notice

CLAIM_DECIDED = Purpose(
    "claim_decided",
    label=_l("Notice: a decision about an expense claim"),
    text=MessageText(
        sms=_l("Borgerportal: the jobcenter has decided on your expense claim. See the decision: %(link)s"),
        subject=_l("Decision on your expense claim"),
        email=_l(
            "The jobcenter has decided on your expense claim. Log in at %(link)s to see the decision "
            "and the reason.\n\nQuestions? Call the jobcenter on %(phone)s."
        ),
    ),
    caused_by_others=True,
)

HELPER_HANDED_IN_CLAIM = Purpose(
    "helper_handed_in_claim",
    label=_l("Notice: a helper handed in an invoice"),
    text=helper_notice(
        _l("Borgerportal: your helper %(helper)s has handed in an invoice for you. See it here: %(link)s"),
        _l("Your helper %(helper)s has handed in an invoice for you."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has handed in an invoice for you. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has handed in an invoice for you."),
    ),
    caused_by_others=True,
    after_helper_action="claim.submitted",
)

PURPOSES = (
    CLAIM_DECIDED,
    HELPER_HANDED_IN_CLAIM,
)
