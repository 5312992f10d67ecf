from flask import Blueprint, jsonify, render_template
from sqlalchemy import text

from app.access import public
from app.extensions import db
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
