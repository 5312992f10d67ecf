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


# Numbers a text message can reach: Danish numbers are all typed "fixed line or mobile".
SMS_NUMBER_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def sms_number(raw: str, countries) -> tuple[str | None, str | None]:
    """(E.164, None) for a mobile number in one of `countries` (ISO codes), else (None, why):
    "invalid" (not a phone number), "country" (another country, or a satellite or other
    non-geographic number) or "not_mobile" (premium rate, toll free, landline, pager …).
    Digits of other scripts (Arabic-Indic …) count as digits; spaces and dashes do not count."""
    try:
        number = phonenumbers.parse(raw, "DK")
    except phonenumbers.NumberParseException:
        return None, "invalid"
    if not phonenumbers.is_valid_number(number):
        return None, "invalid"
    if phonenumbers.region_code_for_number(number) not in set(countries):
        return None, "country"
    if phonenumbers.number_type(number) not in SMS_NUMBER_TYPES:
        return None, "not_mobile"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


def normalise_email(raw: str) -> str | None:
    """The normalised address, or None when it is not an e-mail address."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None
