"""The server's side of a signed-in session. The cookie carries a random token; the row it names
says whose session it is, when it began and whether it has ended. A session is live only while
its row is: logging out, "log out everywhere", a staff reset or a deactivation ends it at once,
even for a copy of the cookie, and no session outlives SESSION_ABSOLUTE_HOURS."""

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import bindparam, delete, or_, select, update

from app import periodic
from app.extensions import db
from app.models import SIGNED_IN_CITIZEN, Citizen, LoginSession

KEEP_ENDED = timedelta(days=1)  # ended rows are kept a day (they say why a session ended), then deleted


def absolute_limit() -> timedelta:
    return timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"])


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(user_key: str, now: datetime) -> str:
    """Add a live session for `user_key` ("citizen:7"); return the token for the cookie.
    The caller commits."""
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(token_hash=_hash(token), user_key=user_key, created_at=now))
    return token


def session_for(token: str | None) -> LoginSession | None:
    if not token or not isinstance(token, str):
        return None
    return db.session.scalar(_session_named(), {"token_hash": _hash(token)})


def session_with_citizen(token: str | None, user_key: str) -> tuple[LoginSession, Citizen] | None:
    """The session's row and the citizen it is for ("citizen:7"), loaded as pages read them
    (models.SIGNED_IN_CITIZEN), in one statement instead of two: every request of a signed-in
    citizen needs both. None for anyone else, or when either row is missing (the caller then
    asks for each on its own, to say why)."""
    kind, _, number = user_key.partition(":")
    if (
        kind != "citizen"
        or not (number.isascii() and number.isdigit())
        or not token
        or not isinstance(token, str)
    ):
        return None
    values = {"token_hash": _hash(token), "citizen_id": int(number)}
    row = db.session.execute(_session_and_citizen(), values).unique().one_or_none()
    return (row[0], row[1]) if row else None


@cache
def _session_and_citizen():
    """Built once per process: every signed-in citizen's request runs it."""
    return (
        select(LoginSession, Citizen)
        .join(Citizen, Citizen.id == bindparam("citizen_id"))
        .where(LoginSession.token_hash == bindparam("token_hash"))
        .options(*SIGNED_IN_CITIZEN)
    )


@cache
def _session_named():
    """Built once per process: every signed-in request runs it."""
    return select(LoginSession).where(LoginSession.token_hash == bindparam("token_hash"))


def end_session_of(token: str | None, now: datetime, reason: str) -> None:
    """End the session this token names, if it is still live. The caller commits."""
    if token and isinstance(token, str):
        _end(LoginSession.token_hash == _hash(token), now, reason)


def end_every_session(user_key: str, now: datetime, reason: str) -> int:
    """Log `user_key` out everywhere: every live session ends at its next request. The caller
    commits. Returns how many sessions ended."""
    return _end(LoginSession.user_key == user_key, now, reason)


def _end(which, now: datetime, reason: str) -> int:
    ended = db.session.execute(
        update(LoginSession)
        .where(which, LoginSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
        .execution_options(synchronize_session=False)
    )
    return ended.rowcount


def delete_old_sessions(now: datetime) -> None:
    """Forget sessions that ended, or passed their absolute end, more than a day ago."""
    db.session.execute(
        delete(LoginSession).where(
            or_(
                LoginSession.ended_at < now - KEEP_ENDED,
                LoginSession.created_at < now - absolute_limit() - KEEP_ENDED,
            )
        )
    )


def register_periodic_jobs() -> None:
    periodic.register("ended_sessions", delete_old_sessions)
