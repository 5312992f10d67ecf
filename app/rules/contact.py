"""Phone numbers and e-mail addresses as we store them: E.164 and normalised. Pure functions."""

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from app.rules.digits import ascii_digits


def normalise_phone(raw: str) -> str | None:
    """E.164 for a valid number (Danish when no country code is given), else None."""
    try:
        number = phonenumbers.parse(ascii_digits(raw), "DK")
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
