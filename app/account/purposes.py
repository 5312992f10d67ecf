"""The messages of changing one's own phone number or e-mail.

Declared once here (app/notifications/purposes.py says how); plug_in declares them."""

from flask_babel import lazy_gettext as _l

from app.notifications.purposes import Purpose
from app.notifications.texts import MessageText

VERIFY_CONTACT = Purpose(
    "verify_contact",
    label=_l("Code to confirm a new phone number or e-mail"),
    text=MessageText(
        sms=_l("Borgerportal: your code to confirm this phone number is %(code)s. It works for 10 minutes."),
        subject=_l("Confirm your e-mail for Borgerportal"),
        email=_l(
            "Your code to confirm this e-mail address is %(code)s. It works for 10 minutes.\n\n"
            "Did you not ask for this? Then you can ignore this message."
        ),
    ),
    someone_waits=True,
    code=True,
    address_bound=True,
)

CONTACT_CHANGED = Purpose(
    "contact_changed",
    label=_l("Notice: contact details changed"),
    text=MessageText(
        sms=_l("Your phone or e-mail for Borgerportal was changed on %(date)s. Not you? Call %(phone)s."),
        subject=_l("Your contact details were changed"),
        email=_l(
            "Your phone number or e-mail for Borgerportal was changed on %(date)s. "
            "Messages now go to the new one.\n\n"
            "If you did not do this, call the jobcenter on %(phone)s."
        ),
    ),
)

PURPOSES = (
    VERIFY_CONTACT,
    CONTACT_CHANGED,
)
