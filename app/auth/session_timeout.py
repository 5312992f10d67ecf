"""Sessions: a fresh one at every login, and the idle time-out.

After SESSION_IDLE_MINUTES without a request the user is logged out.

Each page says when that will happen; with JavaScript a dialog warns two minutes before.
After a time-out, logging in again returns to the page the citizen was on.
"""

from datetime import timedelta

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.models.types import utcnow

LAST_ACTIVE = "last_active"
LOGIN_NEXT = "login_next"  # the page to return to, set by the login pages
WARN_BEFORE = timedelta(minutes=2)


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def check_idle_session():
    """Before every request: end a session that has been idle too long, else note activity."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = utcnow().timestamp()
    last = session.get(LAST_ACTIVE, now)
    if now - last > idle_limit().total_seconds():
        return _time_out()
    session[LAST_ACTIVE] = now
    return None


def start_session(user) -> str | None:
    """Log `user` in on a fresh session (fixation-safe); only the language is carried over.

    Returns the page the user asked for before logging in, if any (not yet checked as safe).
    """
    next_page = session.get(LOGIN_NEXT)
    _clear_session_but_language()
    login_user(user)
    session[LAST_ACTIVE] = utcnow().timestamp()
    return next_page


def end_session() -> None:
    logout_user()
    _clear_session_but_language()


def _clear_session_but_language() -> None:
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def _time_out():
    back_to = request.full_path.rstrip("?") if request.method == "GET" else None
    end_session()
    flash(_("You were logged out because you did nothing for a while. Log in again to continue."))
    return redirect(url_for("auth.login", next=back_to))


def session_ends_at():
    """When the current session ends if nothing happens (None when not signed in)."""
    if not current_user.is_authenticated:
        return None
    return utcnow() + idle_limit()
