from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from sqlalchemy import text

from app import drafts
from app.access import public, safe_next
from app.extensions import db, limiter
from app.static_assets import serve_static

bp = Blueprint("public", __name__)


@bp.get("/")
@public
def landing():
    return render_template("public/landing.html")


@bp.get("/tilgaengelighed")
@public
def accessibility_statement():
    return render_template("public/accessibility.html")


@bp.get("/favicon.ico")
@public
def favicon():
    """Browsers ask for /favicon.ico on a first visit, whatever the page links to: the icon,
    not a 404 in every log."""
    return serve_static("favicon.ico")


@bp.post("/sprog")
@public
@limiter.limit("120 per hour")  # each switch may keep a draft row: not a free way to fill the database
def switch_language():
    """The language switch of a page that shows a failed form: keeps what was typed, then shows
    the form's page in the chosen language, filled in again (app/drafts.py)."""
    if request.form.get("switch_to") in current_app.config["LANGUAGES"]:
        session["lang"] = request.form["switch_to"]
    back = safe_next(request.form.get("switch_back"), url_for("public.landing"))
    drafts.keep(
        drafts.browser_owner(), urlsplit(back).path, request.form, request.form.get("switch_form", "")
    )
    db.session.commit()
    return redirect(back, 303)


@bp.get("/healthz")
@public
def healthz():
    """For load balancers and monitoring: is the app up, and can it reach its database?"""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy"; the detail goes to the log
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
