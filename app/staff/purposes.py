"""The message staff cause when they change a citizen's login.

Declared once here (app/notifications/purposes.py says how); plug_in declares them."""

from flask_babel import lazy_gettext as _l

from app.notifications.purposes import Purpose
from app.notifications.texts import MessageText

ACCESS_CHANGED = Purpose(
    "access_changed",
    label=_l("Notice: the jobcenter changed the login"),
    text=MessageText(
        sms=_l("The jobcenter changed your login for Borgerportal on %(date)s. Not you? Call %(phone)s."),
        subject=_l("The jobcenter changed your login"),
        email=_l(
            "The jobcenter changed your login for Borgerportal on %(date)s.\n\n"
            "If you did not ask for this, call the jobcenter on %(phone)s."
        ),
    ),
    caused_by_others=True,
)

PURPOSES = (ACCESS_CHANGED,)
