"""Staff passwords: checked in the same time whether the e-mail is known or not, every wrong one
audited, and the account paused after STAFF_PASSWORD_TRIES wrong ones in a row.

A try is reserved with one conditional UPDATE before the (slow) check, so however many requests
arrive at once, at most STAFF_PASSWORD_TRIES passwords are ever checked per pause: the database
decides who gets a try, not a count read and written back by each process."""

from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from flask import current_app
from sqlalchemy import or_, select, update

from app import audit
from app.errors import DomainError
from app.extensions import db
from app.models import StaffUser

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verifying against this when the e-mail is unknown keeps the answer time the same. Made on
    first use, not at import: hashing costs about 0.18 s of CPU, and most processes that import
    this module (CLI commands, workers, each test process) never check a password."""
    return _hasher.hash("not a real password")


class PasswordsPaused(DomainError):
    def __init__(self, until: datetime):
        super().__init__()
        self.until = until


def staff_with_password(email: str, password: str, now: datetime) -> StaffUser | None:
    """The active staff user with this e-mail and password, else None. Raises PasswordsPaused
    while the account is paused (no password is checked then)."""
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
    if user is None or not user.active or not user.password_hash:
        matches(_dummy_hash(), password)
        return None
    if not _reserve_a_try(user.id, now):
        db.session.refresh(user)
        raise PasswordsPaused(_paused_until(user, now))
    if matches(user.password_hash, password):
        _forget_wrong_tries(user.id, now)
        return user
    _count_wrong(user, now)
    return None


def matches(stored: str, password: str) -> bool:
    """Whether `password` is the one hashed in `stored` (nothing counted)."""
    try:
        return _hasher.verify(stored, password)
    except VerificationError:
        return False


def _not_paused(now: datetime):
    return or_(StaffUser.password_paused_until.is_(None), StaffUser.password_paused_until <= now)


def _reserve_a_try(user_id: int, now: datetime) -> bool:
    """Take one of the account's tries (committed at once, so other processes see it)."""
    taken = db.session.execute(
        update(StaffUser)
        .where(
            StaffUser.id == user_id,
            StaffUser.wrong_passwords < current_app.config["STAFF_PASSWORD_TRIES"],
            _not_paused(now),
        )
        .values(wrong_passwords=StaffUser.wrong_passwords + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return taken.rowcount == 1


def _forget_wrong_tries(user_id: int, now: datetime) -> None:
    db.session.execute(
        update(StaffUser)
        .where(StaffUser.id == user_id, _not_paused(now))
        .values(wrong_passwords=0)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _count_wrong(user: StaffUser, now: datetime) -> None:
    """The reserved try was wrong: audit it, and pause the account when the tries are used up
    (the first process to see them used up pauses it; the tries start again after the pause)."""
    until = now + timedelta(minutes=current_app.config["STAFF_PASSWORD_PAUSE_MINUTES"])
    tries = current_app.config["STAFF_PASSWORD_TRIES"]
    paused = db.session.execute(
        update(StaffUser)
        .where(StaffUser.id == user.id, StaffUser.wrong_passwords >= tries)
        .values(password_paused_until=until, wrong_passwords=0)
        .execution_options(synchronize_session=False)
    )
    audit.record_by(audit.Actor.system("staff login page"), "staff.password_wrong", obj=user)
    if paused.rowcount:
        audit.record_by(
            audit.Actor.system("staff login page"), "staff.login_paused", obj=user, until=until.isoformat()
        )
    db.session.commit()


def _paused_until(user: StaffUser, now: datetime) -> datetime:
    """When the pause ends. Tries still under way in other requests count as a pause too."""
    if user.password_paused_until and user.password_paused_until > now:
        return user.password_paused_until
    return now + timedelta(minutes=current_app.config["STAFF_PASSWORD_PAUSE_MINUTES"])
