"""What each message says, per purpose and channel, in the recipient's language.

Texts live in the gettext catalogs like every other string, so a missing translation fails the
same test. SMS show on lock screens: what to do and by when, never anything sensitive.
"""

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class MessageText:
    subject: object
    email: object  # also the text of a letter
    sms: object | None = None  # None: never sent by SMS (letters)


TEXTS: dict[str, MessageText] = {
    "login_code": MessageText(
        sms=_l("Borgerportal code: %(code)s. It works for 10 minutes. Never give it to anyone."),
        subject=_l("Your login code for Borgerportal"),
        email=_l(
            "Your login code is %(code)s.\n\n"
            "It works for 10 minutes. Never give it to anyone, not even someone who says they are "
            "from the jobcenter.\n\n"
            "Did you not ask for a code? Then you can ignore this message."
        ),
    ),
    "access_changed": MessageText(
        sms=_l("The jobcenter changed your login for Borgerportal on %(date)s. Not you? Call %(phone)s."),
        subject=_l("The jobcenter changed your login"),
        email=_l(
            "The jobcenter changed your login for Borgerportal on %(date)s.\n\n"
            "If you did not ask for this, call the jobcenter on %(phone)s."
        ),
    ),
    "verify_contact": MessageText(
        sms=_l("Borgerportal: your code to confirm this phone number is %(code)s. It works for 10 minutes."),
        subject=_l("Confirm your e-mail for Borgerportal"),
        email=_l(
            "Your code to confirm this e-mail address is %(code)s. It works for 10 minutes.\n\n"
            "Did you not ask for this? Then you can ignore this message."
        ),
    ),
    "contact_changed": MessageText(
        sms=_l("Your phone or e-mail for Borgerportal was changed on %(date)s. Not you? Call %(phone)s."),
        subject=_l("Your contact details were changed"),
        email=_l(
            "Your phone number or e-mail for Borgerportal was changed on %(date)s. "
            "Messages now go to the new one.\n\n"
            "If you did not do this, call the jobcenter on %(phone)s."
        ),
    ),
    "code_letter": MessageText(
        subject=_l("Your code for Borgerportal"),
        email=_l(
            "Here is your one-time code for Borgerportal. Use it with your CPR number at %(url)s "
            "before %(valid_until)s. The code works once.\n\n"
            "If you did not ask for this letter, call the jobcenter on %(phone)s."
        ),
    ),
}


def render(purpose: str, channel: str, language: str, context: dict) -> tuple[str, str]:
    """Return (subject, body) of `purpose` for `channel` in `language`. SMS have no subject."""
    text = TEXTS[purpose]
    with force_locale(language):
        if channel == "sms":
            return "", str(text.sms) % context
        return str(text.subject) % context, str(text.email) % context
