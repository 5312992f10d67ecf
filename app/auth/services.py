"""One-time codes for citizens and staff. Services commit; routes turn results into pages.

Nothing here tells a caller whether a CPR number is registered: asking for a code looks the
same either way, and a wrong code for an unknown number fails like any wrong code.
"""

from datetime import datetime

from argon2 import PasswordHasher
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import audit
from app.errors import DomainError
from app.extensions import db
from app.models import Citizen, Helper, Message, OneTimeCode, StaffUser
from app.notifications.outbox import enqueue, owner_of, reachable_channels
from app.rules import login as rules
from app.rules.dates import numeric_date

_hasher = PasswordHasher()  # staff passwords are checked in app/staff/passwords.py


class WrongCode(DomainError):
    message = _l("The code is wrong or has expired. Check it, or ask for a new code.")


class LoginPaused(DomainError):
    def __init__(self, until: datetime):
        super().__init__()
        self.until = until


def find_citizen(cpr: str) -> Citizen | None:
    return db.session.scalar(select(Citizen).where(Citizen.cpr == cpr))


LOGIN_PURPOSES = ("login", "letter")


def issue_code(
    person: Citizen | StaffUser,
    channel: str,
    now: datetime,
    purpose: str = "login",
    target: str | None = None,
) -> str:
    """Create a one-time code for `person` (earlier live codes stop working); return it.

    The caller sends it and commits. Letter codes live 14 days, others 10 minutes.
    """
    for old in _live_codes(person, now):
        old.used_at = now
    code = rules.new_code()
    lifetime = rules.LETTER_CODE_LIFETIME if purpose == "letter" else rules.CODE_LIFETIME
    db.session.add(
        OneTimeCode(
            **owner_of(person),
            purpose=purpose,
            channel=channel,
            created_at=now,
            code_hash=rules.hash_code(code, current_app.config["SECRET_KEY"]),
            expires_at=now + lifetime,
            target=target,
        )
    )
    return code


def _live_codes(person, now: datetime, purposes=None) -> list[OneTimeCode]:
    ((key, value),) = owner_of(person).items()
    query = select(OneTimeCode).where(
        getattr(OneTimeCode, key) == value,
        OneTimeCode.used_at.is_(None),
        OneTimeCode.expires_at > now,
    )
    if purposes:
        query = query.where(OneTimeCode.purpose.in_(purposes))
    return list(db.session.scalars(query))


def send_login_code(cpr: str, channel: str, now: datetime) -> None:
    """Send a fresh code by `channel` ("sms", "email" or "letter") if that is possible.

    Silently does nothing for an unknown CPR number, a paused login or an unreachable channel,
    so the answer never reveals who is registered.
    """
    citizen = find_citizen(cpr)
    if citizen is None or rules.is_paused(citizen.login_paused_until, now):
        return
    if channel not in reachable_channels(citizen):
        return
    if channel == "letter":
        queue_code_letter(citizen, now)
        audit.record(
            "access.letter_requested", actor_type="system", actor_label="login page", citizen_id=citizen.id
        )
    else:
        code = issue_code(citizen, channel, now)
        enqueue("login_code", citizen, {"code": code}, channel=channel, now=now)
    db.session.commit()


def queue_code_letter(citizen: Citizen, now: datetime) -> Message:
    """Put a letter with a 14-day code in the staff print queue (the caller commits)."""
    code = issue_code(citizen, "letter", now, purpose="letter")
    context = {
        "code": code,
        "valid_until": numeric_date((now + rules.LETTER_CODE_LIFETIME).date()),
        "url": current_app.config["PUBLIC_BASE_URL"],
        "phone": citizen.jobcenter.phone,
    }
    return enqueue("code_letter", citizen, context, channel="letter", now=now)


def log_in_with_code(cpr: str, code: str, now: datetime) -> Citizen:
    """Return the citizen whose live code (from a message or a letter) `code` is; use it up.

    Raises LoginPaused while paused, WrongCode otherwise (also for unknown CPR numbers).
    The fifth wrong code in a row pauses logging in for 15 minutes.
    """
    citizen = find_citizen(cpr)
    if citizen is None:
        raise WrongCode()
    used = check_code(citizen, code, now)
    audit.record(
        "citizen.logged_in",
        actor_type="citizen",
        actor_id=citizen.id,
        actor_label=citizen.name,
        citizen_id=citizen.id,
        channel=used.channel,
    )
    db.session.commit()
    return citizen


def check_code(person: Citizen | StaffUser, code: str, now: datetime, purposes=LOGIN_PURPOSES) -> OneTimeCode:
    """Use up `person`'s live code (of `purposes`) matching `code`, or count a wrong try.

    Wrong tries of every kind count together: five in a row pause the person for 15 minutes.
    """
    if rules.is_paused(person.login_paused_until, now):
        raise LoginPaused(person.login_paused_until)
    secret = current_app.config["SECRET_KEY"]
    live = _live_codes(person, now, purposes)
    match = next((c for c in live if rules.code_matches(code, c.code_hash, secret)), None)
    if match is None:
        _count_wrong_code(person, now)
    match.used_at = now
    person.wrong_codes, person.login_paused_until = 0, None
    return match


def _count_wrong_code(person, now: datetime):
    lockout = rules.after_wrong_code(person.wrong_codes, now)
    person.wrong_codes, person.login_paused_until = lockout.failures, lockout.paused_until
    if lockout.paused_until and isinstance(person, Citizen):
        audit.record(
            "citizen.login_paused",
            actor_type="system",
            citizen_id=person.id,
            until=lockout.paused_until.isoformat(),
        )
    db.session.commit()
    if lockout.paused_until:
        raise LoginPaused(lockout.paused_until)
    raise WrongCode()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def send_staff_login_code(user: StaffUser, now: datetime) -> None:
    channel = reachable_channels(user)[0]
    code = issue_code(user, channel, now)
    enqueue("login_code", user, {"code": code}, channel=channel, now=now)
    db.session.commit()


def log_in_staff_with_code(user_id: int, code: str, now: datetime) -> StaffUser:
    user = db.session.get(StaffUser, user_id)
    if user is None or not user.active:
        raise WrongCode()
    check_code(user, code, now)
    audit.record("staff.logged_in", actor_type="staff", actor_id=user.id, actor_label=user.name)
    db.session.commit()
    return user


def send_helper_code(phone: str, now: datetime) -> None:
    """Send a login code by SMS to `phone` (E.164). Anyone may become a helper, so an unknown
    number gets a helper account with no name yet; it can do nothing until a citizen or staff
    gives it a mandate."""
    helper = db.session.scalar(select(Helper).where(Helper.phone == phone))
    if helper is None:
        helper = Helper(phone=phone, language=str(get_locale() or "da"), created_at=now)
        db.session.add(helper)
        db.session.flush()
    if rules.is_paused(helper.login_paused_until, now):
        return
    code = issue_code(helper, "sms", now)
    enqueue("login_code", helper, {"code": code}, channel="sms", recipient=helper.phone, now=now)
    db.session.commit()


def log_in_helper_with_code(phone: str, code: str, now: datetime) -> Helper:
    """The helper with `phone` whose live code `code` is; the phone counts as proven from now.
    Raises WrongCode or LoginPaused like citizens' logins."""
    helper = db.session.scalar(select(Helper).where(Helper.phone == phone))
    if helper is None:
        raise WrongCode()
    check_code(helper, code, now)
    helper.phone_verified_at = helper.phone_verified_at or now
    db.session.commit()
    return helper
