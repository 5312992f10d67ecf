"""The one way a submitted one-time code is used, shared by every page that asks for one."""

import secrets

from flask import render_template, session

from app.auth.forms import CodeForm
from app.auth.services import LoginPaused, WrongCode
from app.extensions import db

BROWSER = "login_browser"


def browser_token() -> str:
    """A random token for this browser's session, made when first needed. The codes it asks for
    are bound to it, and only its own wrong codes pause it (app/auth/guard.py)."""
    if BROWSER not in session:
        session[BROWSER] = secrets.token_urlsafe(24)
    return session[BROWSER]


def use_submitted_code(form: CodeForm, attempt):
    """For a valid submitted `form`, return (attempt(code), None).

    A wrong code becomes an error on the field (so the page shows it) and gives (None, None);
    a paused login gives (None, the paused page as a 429 response). Nothing submitted: (None, None).
    A refused code is committed here (the pause it may cause must hold); a used one is committed
    by the caller with what it does next (a login: with the session it opens).
    """
    if not form.validate_on_submit():
        return None, None
    try:
        return attempt(form.code.data), None
    except LoginPaused as paused:
        db.session.commit()
        return None, (render_template("auth/paused.html", until=paused.until), 429)
    except WrongCode as wrong:
        db.session.commit()
        form.code.errors.append(wrong.message)
        return None, None
