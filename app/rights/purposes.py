"""The messages of the data rights: the citizen is told when a helper took a copy of all data,
and whoever asked for a large copy (the citizen, or a helper) when the worker has built it.

Declared once here (app/notifications/purposes.py says how); plug_in declares it."""

from flask_babel import lazy_gettext as _l

from app.notifications.purposes import Purpose
from app.notifications.texts import MessageText, helper_notice

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

DATA_EXPORT_READY = Purpose(
    "data_export_ready",
    label=_l("Notice: your copy of all data is ready"),
    text=MessageText(
        sms=_l("Borgerportal: your copy of all your data is ready until %(date)s: %(link)s"),
        subject=_l("Your copy of all your data is ready"),
        email=_l(
            "The copy of all your data that you asked for is ready. Log in at %(link)s and "
            "download it from the activity page before %(date)s. After that it is deleted."
        ),
    ),
    by_letter=False,  # the notice only points to a page on the portal
)

HELPER_DATA_EXPORT_READY = Purpose(
    "helper_data_export_ready",
    label=_l("Notice to a helper: the copy of all data they asked for is ready"),
    text=MessageText(
        sms=_l(
            "Borgerportal: the copy of all data about %(citizen)s that you asked for is ready "
            "until %(date)s: %(link)s"
        ),
        subject=_l("The copy of all data you asked for is ready"),
        email=_l(
            "The copy of all data about %(citizen)s that you asked for is ready. Log in as a "
            "helper at %(link)s and download it from the activity page before %(date)s. After "
            "that it is deleted."
        ),
    ),
    by_letter=False,  # helpers are reached by SMS only
)

PURPOSES = (HELPER_EXPORTED_DATA, DATA_EXPORT_READY, HELPER_DATA_EXPORT_READY)
