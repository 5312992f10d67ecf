"""Login codes: length, lifetime, and the limits on guessing them. Pure functions.

Two kinds of code (README, "Security"):
- a code a browser asked for on the login page, by SMS or e-mail, is *bound* to that browser:
  only it can type the code. Six digits are enough, because that browser is paused after
  MAX_WRONG_CODES wrong codes, and the code lives 10 minutes.
- a code that any browser may type, because nobody asked for it on a web page (a letter, or a
  code staff send from the front desk), is *open*. It has LONG_CODE_DIGITS digits: guessing it
  from many browsers at once, each paused after 5 tries, still has no real chance, and it stops
  working after WRONG_TRIES_PER_OPEN_CODE wrong codes from all browsers together.
"""

import hmac
import re
import secrets
from datetime import datetime, timedelta

from app.rules.digits import ascii_digits

CODE_DIGITS = 6
LONG_CODE_DIGITS = 10
CODE_LIFETIME = timedelta(minutes=10)
LETTER_CODE_LIFETIME = timedelta(days=14)  # a letter takes days to arrive
MAX_WRONG_CODES = 5  # from one browser for one login, then that browser is paused
PAUSE = timedelta(minutes=15)
TRIES_KEPT = timedelta(days=1)  # a browser's count of wrong codes, when it tries nothing more
# A one in ten million chance at most (1,000 tries of 10^10 codes), and an attacker needs 200
# browsers, each paused after 5, to spend it.
WRONG_TRIES_PER_OPEN_CODE = 1000
# Letters cost postage and staff time: anyone may ask for one with a CPR number, so one a day.
LETTER_REQUESTS_PER_DAY = 1

_SPACES_AND_DASHES = re.compile(r"[\s-]")


def new_code(digits: int = CODE_DIGITS) -> str:
    return f"{secrets.randbelow(10**digits):0{digits}d}"


def shown(code: str) -> str:
    """The code as a message shows it: a long code in two groups of five, easier to copy."""
    return f"{code[:5]} {code[5:]}" if len(code) > CODE_DIGITS else code


def typed_code(raw: str | None) -> str:
    """What someone typed as a code, as ASCII digits only (spaces, dashes and any script's digits
    are allowed: "١٢٣ ٤٥٦" is 123456)."""
    return _SPACES_AND_DASHES.sub("", ascii_digits(raw))


def hash_code(code: str, secret: str, salt: str | None = None) -> str:
    """A keyed hash: a stolen database does not give away live codes (there are only 10^6)."""
    salt = salt or secrets.token_hex(8)
    digest = hmac.new(secret.encode(), f"{salt}:{code}".encode(), "sha256").hexdigest()
    return f"{salt}${digest}"


def code_matches(code: str, stored: str, secret: str) -> bool:
    salt, _, _ = stored.partition("$")
    return hmac.compare_digest(hash_code(typed_code(code), secret, salt), stored)


def keyed_name(value: str, secret: str) -> str:
    """A name for `value` (a CPR number, a browser's token) that the database can compare but
    that does not give the value away."""
    return hmac.new(secret.encode(), f"login-name:{value}".encode(), "sha256").hexdigest()


def is_paused(paused_until: datetime | None, now: datetime) -> bool:
    return paused_until is not None and now < paused_until
