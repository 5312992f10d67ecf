"""Sessions: a fresh one at every login, checked against the server on every request, the idle
time-out and the absolute lifetime.

After SESSION_IDLE_MINUTES without a request the user is logged out, and after
SESSION_ABSOLUTE_HOURS however active they are. Logging out ends the session on the server
(app/auth/server_sessions.py), so a copy of the cookie stops working too.

Each page says when that will happen; with JavaScript a dialog warns two minutes before.
After a time-out, logging in again returns to the page the citizen was on.
"""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app import audit, drafts
from app.audit import Actor
from app.auth.server_sessions import (
    absolute_limit,
    end_every_session,
    end_session_of,
    open_session,
    session_for,
    session_with_citizen,
)
from app.extensions import db
from app.models import Citizen, load_user
from app.models.types import utcnow

LAST_ACTIVE = "last_active"
LOGIN_NEXT = "login_next"  # the page to return to, set by the login pages
SESSION_TOKEN = "sid"  # names the session's row on the server; nothing else is in it
WARN_BEFORE = timedelta(minutes=2)
# The idle stamp is written again only once it is this old. Writing it on every request changed
# the session on every page, so every answer signed and sent the whole cookie again. The idle
# time-out stays exact against the stamp, and every page says the end the stamp gives: at most
# this much earlier than the last request would give, never later.
STAMP_EVERY = timedelta(seconds=60)


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def load_signed_in_user(user_id: str):
    """Flask-Login's loader: the user, only while the server still has their session live.
    Otherwise None, with the reason in `g` for check_idle_session to explain."""
    token = session.get(SESSION_TOKEN)
    both = session_with_citizen(token, user_id)  # a citizen's: one statement for the two rows
    record, user = both if both else (session_for(token), None)
    if record is None or record.user_key != user_id or record.ended_at is not None:
        g.session_ended = "ended"
        return None
    if not record.is_live(utcnow(), absolute_limit()):
        g.session_ended = "absolute"
        return None
    g.login_session = record
    user = user or load_user(user_id)
    if user is None:  # deactivated staff
        g.session_ended = "ended"
    return user


def check_idle_session():
    """Before every request: end a session that the server has ended, that has lasted too long
    or that has been idle too long; else note activity."""
    if request.endpoint == "static":
        return None
    if not current_user.is_authenticated:
        return _ended_elsewhere(g.pop("session_ended", None))
    now = utcnow().timestamp()
    last = session.get(LAST_ACTIVE)
    if last is not None and now - last > idle_limit().total_seconds():
        return _time_out()
    if last is None or now - last >= STAMP_EVERY.total_seconds():
        session[LAST_ACTIVE] = now
    return None


def renew_idle_time() -> None:
    """Asked for ("Stay logged in"): the idle time starts again now, however fresh the stamp."""
    session[LAST_ACTIVE] = utcnow().timestamp()


def start_session(user) -> str | None:
    """Log `user` in on a fresh session (fixation-safe); only the language is carried over.

    Returns the page the user asked for before logging in, if any (not yet checked as safe).
    """
    next_page = session.get(LOGIN_NEXT)
    _clear_session_but_language()
    now = utcnow()
    token = open_session(user.get_id(), now)
    db.session.commit()
    login_user(user)
    session[SESSION_TOKEN] = token
    session[LAST_ACTIVE] = now.timestamp()
    return next_page


def session_values_for(user_key: str, now) -> dict:
    """What the cookie of a fresh session for `user_key` holds, for tools that sign in without
    the login pages (tests, benchmarks). Adds the server's row; the caller commits."""
    token = open_session(user_key, now)
    return {"_user_id": user_key, "_fresh": True, SESSION_TOKEN: token, LAST_ACTIVE: now.timestamp()}


def end_session(reason: str = "logout") -> None:
    """Log out here and on the server: the session's cookie, or any copy of it, is dead."""
    end_session_of(session.get(SESSION_TOKEN), utcnow(), reason)
    db.session.commit()
    logout_user()
    _clear_session_but_language()


def log_out_everywhere(user, now) -> None:
    """End every session `user` has, here and on every other device; a citizen's case records it.
    The caller commits (end_session does, for this device too)."""
    end_every_session(user.get_id(), now, "everywhere")
    if isinstance(user, Citizen):
        audit.record_by(Actor.of_citizen(user), "citizen.logged_out_everywhere", user.id)


def _clear_session_but_language() -> None:
    """Also keeps the mark that a form draft waits (app/drafts.py): it is kept for the user who
    timed out, and only they get it after logging in."""
    kept = {key: session[key] for key in ("lang", drafts.PENDING_UNTIL) if key in session}
    session.clear()
    session.update(kept)


def _time_out():
    back_to = request.full_path.rstrip("?") if request.method == "GET" else _keep_what_was_typed()
    end_session("idle")
    flash(_("You were logged out because you did nothing for a while. Log in again to continue."))
    return redirect(url_for("auth.login", next=back_to))


def _keep_what_was_typed() -> str:
    """A form sent after the time-out: keep what was typed for this user (app/drafts.py), and
    return to the form's page after logging in, where it is filled in again."""
    page = drafts.form_page()
    drafts.keep(current_user.get_id(), urlsplit(page).path, request.form)
    return page


def _ended_elsewhere(reason: str | None):
    """The cookie names a session the server has ended (logged out, elsewhere too, or too old):
    forget it and say so; the page's own access rule then sends the user to log in."""
    if reason is None:
        return None
    logout_user()
    _clear_session_but_language()
    if reason == "absolute":
        hours = current_app.config["SESSION_ABSOLUTE_HOURS"]
        flash(
            _(
                "For your safety you are logged out after %(hours)d hours. Log in again to continue.",
                hours=hours,
            )
        )
    else:
        flash(_("You have been logged out. Log in again to continue."))
    return None


def session_ends_at():
    """When the current session ends if nothing happens (None when not signed in): the idle time
    after the stamp, but never after the absolute end."""
    if not current_user.is_authenticated:
        return None
    stamp = session.get(LAST_ACTIVE)
    idle_end = (datetime.fromtimestamp(stamp, UTC) if stamp is not None else utcnow()) + idle_limit()
    record = g.get("login_session")
    return min(idle_end, record.ends_at(absolute_limit())) if record else idle_end
