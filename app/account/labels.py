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
PURPOSE = {
    "login_code": _l("Login code"),
    "code_letter": _l("Letter with a login code"),
    "access_changed": _l("Notice: the jobcenter changed your login"),
    "verify_contact": _l("Code to confirm a new phone number or e-mail"),
    "contact_changed": _l("Notice: your contact details were changed"),
}
ACTIONS = {
    "citizen.logged_in": _l("Logged in"),
    "citizen.login_paused": _l("Login paused after 5 wrong codes"),
    "citizen.imported": _l("Registered from the jobcenter's records"),
    "citizen.updated_by_import": _l("Details updated from the jobcenter's records"),
    "exemption.created": _l("Exemption registered"),
    "citizen.contact_changed": _l("Contact details changed"),
    "access.code_sent": _l("The jobcenter sent you a new login code"),
    "access.letter_printed": _l("The jobcenter printed a letter with a login code"),
    "access.letter_requested": _l("A letter with a login code was requested"),
    "access.unlocked": _l("The jobcenter unlocked your login"),
    "access.contact_changed": _l("The jobcenter changed your contact details"),
    "letter.posted": _l("A letter was posted to you"),
}
ACTORS = {"citizen": _l("You"), "helper": _l("Your helper"), "staff": _l("The jobcenter"),
          "system": _l("Borgerportal")}


def label(table: dict, key: str) -> str:
    """The label for `key`, or the key itself so a new code is never hidden."""
    return str(table.get(key, key))
