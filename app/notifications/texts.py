"""How a message's texts are written and rendered, per channel, in the recipient's language.

The texts themselves are part of each purpose's declaration, in the feature that sends it
(app/notifications/purposes.py). They live in the gettext catalogs like every other string, so
a missing translation fails the same test. SMS show on lock screens: what to do and by when,
never anything sensitive.
"""

import functools
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.i18n import ltr_values
from app.notifications.purposes import purpose_named


@dataclass(frozen=True)
class MessageText:
    subject: object
    email: object  # also the text of a letter
    sms: object | None = None  # None: never sent by SMS (letters)
    # The same message for a helper nobody but the helper named: it says "your helper with the
    # phone number ending in %(digits)s" where this one says "%(helper)s" (render picks it).
    unnamed: "MessageText | None" = None


class Paragraphs:
    """Translated paragraphs that become one text in the locale active when it is rendered."""

    def __init__(self, *paragraphs):
        self.paragraphs = paragraphs

    def __str__(self) -> str:
        return "\n\n".join(str(paragraph) for paragraph in self.paragraphs)


# Added to the e-mail (and letter) of every "your helper did …" notice.
HELPER_NOTICE_FOOTER = _l(
    "See everything done on your case at %(link)s. Is something wrong? You can take back the access "
    "on your page at any time, or call the jobcenter on %(phone)s."
)


def helper_notice(sms, email, unnamed_sms, unnamed_email) -> MessageText:
    """ "Your helper X has …": one subject for all, and a paragraph on what the citizen can do.
    The unnamed texts name the helper by the last digits of their phone instead."""
    subject = _l("Your helper did something for you")
    return MessageText(
        sms=sms,
        subject=subject,
        email=Paragraphs(email, HELPER_NOTICE_FOOTER),
        unnamed=MessageText(
            sms=unnamed_sms, subject=subject, email=Paragraphs(unnamed_email, HELPER_NOTICE_FOOTER)
        ),
    )


def render(purpose: str, channel: str, language: str, context: dict) -> tuple[str, str]:
    """Return (subject, body) of `purpose` for `channel` in `language`. SMS have no subject."""
    unnamed = "helper" not in context and purpose_named(purpose).text.unnamed is not None
    context = ltr_values(context, language)  # phone numbers and dates read left to right in Arabic
    if channel == "sms":
        return "", _translated(purpose, "sms", language, unnamed) % context
    return (
        _translated(purpose, "subject", language, unnamed) % context,
        _translated(purpose, "email", language, unnamed) % context,
    )


@functools.cache
def _translated(purpose: str, part: str, language: str, unnamed: bool = False) -> str:
    """One text in one language, translated once per process: switching the locale for every
    message was a fifth of a reminder sweep's time (translations do not change while running)."""
    text = purpose_named(purpose).text
    text = text.unnamed if unnamed else text
    with force_locale(language):
        return str(getattr(text, part))
