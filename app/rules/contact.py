"""Phone numbers and e-mail addresses as we store them: E.164 and normalised. Pure functions."""

import re

import phonenumbers

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
    # Imported here: only forms with an e-mail field need it, and its patterns took ~0.03 CPU s
    # to build in every process that builds the app.
    from email_validator import EmailNotValidError, validate_email

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
