"""The messages of helpers' access: invitations, requests, paper mandates, access ending.

Declared once here (app/notifications/purposes.py says how); plug_in declares them."""

from flask_babel import lazy_gettext as _l

from app.notifications.purposes import Purpose
from app.notifications.texts import MessageText

HELPER_INVITATION = Purpose(
    "helper_invitation",
    label=None,
    text=MessageText(
        sms=_l(
            "Borgerportal: %(citizen)s asks you to help with their case at the jobcenter. "
            "Answer by %(date)s: %(link)s"
        ),
        subject=_l("You are asked to help with a case at the jobcenter"),
        email=_l(
            "%(citizen)s asks you to help with their case at the jobcenter. Open %(link)s and log in "
            "with your own phone number to say yes or no, by %(date)s."
        ),
    ),
    someone_waits=True,
)

HELPER_ACCESS_GRANTED = Purpose(
    "helper_access_granted",
    label=None,
    text=MessageText(
        sms=_l(
            "Borgerportal: you can now help %(citizen)s until %(date)s. Log in with your phone number: "
            "%(link)s"
        ),
        subject=_l("You can now help with a case at the jobcenter"),
        email=_l(
            "You can now help %(citizen)s until %(date)s. Log in with your own phone number at %(link)s."
        ),
    ),
)

HELPER_REQUEST_REFUSED = Purpose(
    "helper_request_refused",
    label=None,
    text=MessageText(
        sms=_l("Borgerportal: %(citizen)s said no to your request to help."),
        subject=_l("Your request to help was refused"),
        email=_l("%(citizen)s said no to your request to help with their case at the jobcenter."),
    ),
)

HELPER_ACCESS_REQUESTED = Purpose(
    "helper_access_requested",
    label=_l("Notice: someone asks to become a helper"),
    text=MessageText(
        sms=_l(
            "Borgerportal: someone with a phone number ending in %(digits)s asks to help you with your "
            "case. Say yes or no here: %(link)s"
        ),
        subject=_l("Someone asks to help you"),
        email=_l(
            "Someone with a phone number ending in %(digits)s asks to help you with your case at the "
            "jobcenter. Log in at %(link)s to say yes or no. Do you not know this person? Say no, or "
            "call the jobcenter on %(phone)s."
        ),
    ),
    someone_waits=True,
    caused_by_others=True,
)

MANDATE_REGISTERED = Purpose(
    "mandate_registered",
    label=_l("Notice: the jobcenter registered a helper"),
    text=MessageText(
        sms=_l("Borgerportal: from a signed form, %(helper)s can now help you. Not right? Call %(phone)s."),
        subject=_l("A helper can now help you"),
        email=_l(
            "The jobcenter has registered %(helper)s as your helper, from a form you signed. You can see "
            "and take back the access on your page at any time.\n\n"
            "Did you not sign such a form? Call the jobcenter on %(phone)s."
        ),
    ),
    caused_by_others=True,
)

MANDATE_EXPIRING = Purpose(
    "mandate_expiring",
    label=_l("Reminder: a helper's access ends soon"),
    text=MessageText(
        sms=_l(
            "Borgerportal: %(helper)s can help you until %(date)s. To go on, give more time here: %(link)s"
        ),
        subject=_l("Your helper's access ends soon"),
        email=_l(
            "%(helper)s can help you with your case until %(date)s. Then the access ends by itself.\n\n"
            "Should %(helper)s go on helping you? Log in at %(link)s and choose a later day."
        ),
        unnamed=MessageText(
            sms=_l(
                "Borgerportal: your helper with the phone number ending in %(digits)s can help you until "
                "%(date)s. To go on, give more time here: %(link)s"
            ),
            subject=_l("Your helper's access ends soon"),
            email=_l(
                "Your helper with the phone number ending in %(digits)s can help you with your case until "
                "%(date)s. Then the access ends by itself.\n\n"
                "Should this helper go on helping you? Log in at %(link)s and choose a later day."
            ),
        ),
    ),
    reminder=True,
)

PURPOSES = (
    HELPER_INVITATION,
    HELPER_ACCESS_GRANTED,
    HELPER_REQUEST_REFUSED,
    HELPER_ACCESS_REQUESTED,
    MANDATE_REGISTERED,
    MANDATE_EXPIRING,
)
