"""Login with one-time codes. Services commit; routes only translate results into pages.

Nothing here tells a caller whether a CPR number is registered: asking for a code looks the
same either way, and a wrong code for an unknown number fails like any wrong code.
"""

from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import audit
from app.errors import DomainError
from app.extensions import db
from app.models import Citizen, OneTimeCode
from app.notifications.outbox import enqueue, reachable_channels
from app.rules import login as rules


class WrongCode(DomainError):
    message = _l("The code is wrong or has expired. Check it, or ask for a new code.")


class LoginPaused(DomainError):
    def __init__(self, until: datetime):
        super().__init__()
        self.until = until


def find_citizen(cpr: str) -> Citizen | None:
    return db.session.scalar(select(Citizen).where(Citizen.cpr == cpr))


def send_login_code(cpr: str, channel: str, now: datetime) -> None:
    """Send a fresh code to the citizen's `channel` ("sms" or "email") if that is possible.

    Silently does nothing for an unknown CPR number, a paused login or an unreachable channel,
    so the answer never reveals who is registered. Earlier codes stop working.
    """
    citizen = find_citizen(cpr)
    if citizen is None or rules.is_paused(citizen.login_paused_until, now):
        return
    if channel not in reachable_channels(citizen) or channel == "letter":
        return
    _retire_live_codes(citizen, now)
    code = rules.new_code()
    db.session.add(OneTimeCode(
        citizen_id=citizen.id, purpose="login", channel=channel, created_at=now,
        code_hash=rules.hash_code(code, current_app.config["SECRET_KEY"]),
        expires_at=now + rules.CODE_LIFETIME,
    ))
    enqueue("login_code", citizen, {"code": code}, channel=channel, now=now)
    db.session.commit()


def _retire_live_codes(citizen: Citizen, now: datetime) -> None:
    for old in _live_codes(citizen, now):
        old.used_at = now


def _live_codes(citizen: Citizen, now: datetime) -> list[OneTimeCode]:
    query = select(OneTimeCode).where(
        OneTimeCode.citizen_id == citizen.id, OneTimeCode.purpose == "login",
        OneTimeCode.used_at.is_(None), OneTimeCode.expires_at > now,
    )
    return list(db.session.scalars(query))


def log_in_with_code(cpr: str, code: str, now: datetime) -> Citizen:
    """Return the citizen when `code` is their live login code; use the code up.

    Raises LoginPaused while paused, WrongCode otherwise (also for unknown CPR numbers).
    The fifth wrong code in a row pauses logging in for 15 minutes.
    """
    citizen = find_citizen(cpr)
    if citizen is None:
        raise WrongCode()
    if rules.is_paused(citizen.login_paused_until, now):
        raise LoginPaused(citizen.login_paused_until)
    match = _matching_code(citizen, code, now)
    if match is None:
        _count_wrong_code(citizen, now)
    match.used_at = now
    citizen.wrong_codes, citizen.login_paused_until = 0, None
    audit.record("citizen.logged_in", actor_type="citizen", actor_id=citizen.id,
                 actor_label=citizen.name, citizen_id=citizen.id, channel=match.channel)
    db.session.commit()
    return citizen


def _matching_code(citizen: Citizen, code: str, now: datetime) -> OneTimeCode | None:
    secret = current_app.config["SECRET_KEY"]
    return next((c for c in _live_codes(citizen, now) if rules.code_matches(code, c.code_hash, secret)), None)


def _count_wrong_code(citizen: Citizen, now: datetime):
    lockout = rules.after_wrong_code(citizen.wrong_codes, now)
    citizen.wrong_codes, citizen.login_paused_until = lockout.failures, lockout.paused_until
    if lockout.paused_until:
        audit.record("citizen.login_paused", actor_type="system", citizen_id=citizen.id,
                     until=lockout.paused_until.isoformat())
    db.session.commit()
    if lockout.paused_until:
        raise LoginPaused(lockout.paused_until)
    raise WrongCode()
