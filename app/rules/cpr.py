"""CPR numbers: format check and masking. Pure functions."""

import re
from datetime import date

from app.rules.digits import ascii_digits

_CPR = re.compile(r"^([0-9]{2})([0-9]{2})([0-9]{2})-?([0-9]{4})$")  # not \d: that is any script's digits


def normalise(raw: str) -> str | None:
    """Return the 10 digits of a CPR number written as DDMMYY-XXXX or DDMMYYXXXX, else None.

    Only the date part is checked: the modulus-11 check was given up in 2007, so valid
    numbers exist that fail it. Digits of any script count ("٠١٠١٩٠-١٢٣٤"); the result is ASCII.
    """
    match = _CPR.match(ascii_digits(raw).strip())
    if not match:
        return None
    day, month, year, serial = match.groups()
    if not _is_date(int(day), int(month), int(year)):
        return None
    return f"{day}{month}{year}{serial}"


def _is_date(day: int, month: int, year: int) -> bool:
    try:
        date(2000 + year, month, day)  # a leap-year century, so 29 February is accepted
    except ValueError:
        return False
    return True


def masked(cpr: str) -> str:
    """Show the birth date only, as helpers and lists may: 010190-XXXX."""
    return f"{cpr[:6]}-XXXX"
