"""The message of the data rights: the citizen is told when a helper took a copy of all data.

Declared once here (app/notifications/purposes.py says how); plug_in declares it."""

from flask_babel import lazy_gettext as _l

from app.notifications.purposes import Purpose
from app.notifications.texts import helper_notice

HELPER_EXPORTED_DATA = Purpose(
    "helper_exported_data",
    label=_l("Notice: a helper downloaded a copy of all data"),
    text=helper_notice(
        _l(
            "Borgerportal: your helper %(helper)s has downloaded a copy of all your data. "
            "See it here: %(link)s"
        ),
        _l("Your helper %(helper)s has downloaded a copy of all your data."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has downloaded a copy of all your data. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has downloaded a copy of all your data."),
    ),
    caused_by_others=True,
    after_helper_action="data.exported",
)

PURPOSES = (HELPER_EXPORTED_DATA,)
