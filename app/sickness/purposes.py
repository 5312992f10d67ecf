"""The messages of reporting sickness: the recovery reminder and helpers' notices.

Declared once here (app/notifications/purposes.py says how); plug_in declares them."""

from flask_babel import lazy_gettext as _l

from app.notifications.purposes import Purpose
from app.notifications.texts import MessageText, helper_notice

SICKNESS_RECOVERY_REMINDER = Purpose(
    "sickness_recovery_reminder",
    label=_l("Reminder: tell us when well again"),
    text=MessageText(
        sms=_l("Borgerportal: are you well again? Tell us here: %(link)s or call %(phone)s."),
        subject=_l("Are you well again?"),
        email=_l(
            "You told us that you expected to be well again by now. If you are well, tell us the first "
            "day you were well at %(link)s. Then you must confirm your job search again.\n\n"
            "Still sick? Then you do not need to do anything. Questions? Call the jobcenter on %(phone)s."
        ),
    ),
    reminder=True,
    by_letter=False,  # points to a page; was turned into a letter on a refused SMS
)

HELPER_REPORTED_SICK = Purpose(
    "helper_reported_sick",
    label=_l("Notice: a helper reported sickness"),
    text=helper_notice(
        _l("Borgerportal: your helper %(helper)s has reported you sick. See it here: %(link)s"),
        _l("Your helper %(helper)s has reported you sick."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has reported you sick. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has reported you sick."),
    ),
    caused_by_others=True,
    after_helper_action="sickness.reported",
)

HELPER_REPORTED_RECOVERY = Purpose(
    "helper_reported_recovery",
    label=_l("Notice: a helper reported well again"),
    text=helper_notice(
        _l(
            "Borgerportal: your helper %(helper)s has reported that you are well again. See it here: %(link)s"
        ),
        _l("Your helper %(helper)s has reported that you are well again."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has reported that you are well again. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has reported that you are well again."),
    ),
    caused_by_others=True,
    after_helper_action="sickness.recovered",
)

PURPOSES = (
    SICKNESS_RECOVERY_REMINDER,
    HELPER_REPORTED_SICK,
    HELPER_REPORTED_RECOVERY,
)
