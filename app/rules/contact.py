"""Phone numbers and e-mail addresses as we store them: E.164 and normalised. Pure functions."""

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email


def normalise_phone(raw: str) -> str | None:
    """E.164 for a valid number (Danish when no country code is given), else None."""
    try:
        number = phonenumbers.parse(raw, "DK")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str | None:
    """The normalised address, or None when it is not an e-mail address."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


# What phones and mail programs turn into something to tap: a web address ("evil.example/jc",
# "www.x", "https://"), an e-mail address, or a phone number (4 digits or more in a row, with
# spaces or dashes between them). Dots of other scripts count: "evil。example" is linked too.
_TAPPABLE = re.compile(
    r"://|www[.。．｡]|@|/|\\|[^\W_][.。．｡][^\W\d_]{2,}|\d(?:[\s\-.]?\d){3,}",
    re.IGNORECASE,
)


def looks_like_an_address(text: str) -> bool:
    """True when `text` holds something a phone would make tappable: a link, an e-mail address
    or a phone number. A person's name never needs one, and in a message from the portal it
    would read as the jobcenter's own advice."""
    return bool(_TAPPABLE.search(text))


def last_digits(phone: str, count: int = 4) -> str:
    """The last digits of a phone number: enough for its owner to recognise it, no more."""
    return "".join(character for character in phone if character.isdigit())[-count:]
