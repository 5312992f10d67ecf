"""Plain-language names for codes stored in the database, shown on the citizen's pages."""

from flask_babel import lazy_gettext as _l

MESSAGE_STATUS = {
    "queued": _l("Waiting to be sent"),
    "sending": _l("Being sent"),
    "sent": _l("Sent"),
    "delivered": _l("Delivered"),
    "failed_temporary": _l("Delayed: we will try again"),
    "failed_permanent": _l("Could not be delivered"),
}
CHANNEL = {"sms": _l("SMS"), "email": _l("E-mail"), "letter": _l("Letter")}
PURPOSE = {"login_code": _l("Login code")}
ACTIONS = {
    "citizen.logged_in": _l("Logged in"),
    "citizen.login_paused": _l("Login paused after 5 wrong codes"),
    "citizen.imported": _l("Registered from the jobcenter's records"),
    "citizen.updated_by_import": _l("Details updated from the jobcenter's records"),
    "exemption.created": _l("Exemption registered"),
}
ACTORS = {"citizen": _l("You"), "helper": _l("Your helper"), "staff": _l("The jobcenter"),
          "system": _l("Borgerportal")}


def label(table: dict, key: str) -> str:
    """The label for `key`, or the key itself so a new code is never hidden."""
    return str(table.get(key, key))
