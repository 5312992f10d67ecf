"""Login codes: length, lifetime, and the pause after too many wrong codes. Pure functions."""

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
MAX_WRONG_CODES = 5
PAUSE = timedelta(minutes=15)


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def hash_code(code: str, secret: str, salt: str | None = None) -> str:
    """A keyed hash: a stolen database does not give away live codes (there are only 10^6)."""
    salt = salt or secrets.token_hex(8)
    digest = hmac.new(secret.encode(), f"{salt}:{code}".encode(), "sha256").hexdigest()
    return f"{salt}${digest}"


def code_matches(code: str, stored: str, secret: str) -> bool:
    salt, _, _ = stored.partition("$")
    return hmac.compare_digest(hash_code(code.strip(), secret, salt), stored)


@dataclass(frozen=True)
class Lockout:
    failures: int
    paused_until: datetime | None


def after_wrong_code(failures: int, now: datetime) -> Lockout:
    """Count a wrong code; the fifth in a row pauses logging in for 15 minutes."""
    failures += 1
    if failures >= MAX_WRONG_CODES:
        return Lockout(failures=0, paused_until=now + PAUSE)
    return Lockout(failures=failures, paused_until=None)


def is_paused(paused_until: datetime | None, now: datetime) -> bool:
    return paused_until is not None and now < paused_until


LETTER_CODE_LIFETIME = timedelta(days=14)  # a letter takes days to arrive
