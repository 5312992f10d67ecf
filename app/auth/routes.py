from flask import Blueprint, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.access import public, safe_next
from app.auth import services
from app.auth.code_entry import browser_token, use_submitted_code
from app.auth.forms import HAVE_CODE, LoginCodeForm, RequestCodeForm
from app.auth.mitid_routes import broker_logout_url
from app.auth.sealed import seal, unseal
from app.auth.session_timeout import (
    LOGIN_NEXT,
    end_session,
    log_out_everywhere,
    renew_idle_time,
    session_ends_at,
    start_session,
)
from app.extensions import db, limiter
from app.models.types import utcnow
from app.rate_limits import Quota, spend_or_explain
from app.rules.cpr import normalise

bp = Blueprint("auth", __name__)

PENDING_CPR = "login_cpr"  # encrypted: the cookie is signed, not secret


# Counted in the database by every process (app/rate_limits.py), after the form is valid.
CODES_PER_CPR = Quota(
    "login_codes_per_cpr",
    "5 per 15 minutes",
    _l("You have asked for many codes for this CPR number. Wait 15 minutes and try again."),
)
CODES_PER_ADDRESS = Quota(
    "login_codes_per_address",
    "30 per hour",
    _l("Many codes have been asked for from your internet connection. Wait a while and try again."),
)


def _remember_pending_cpr(cpr: str) -> None:
    session[PENDING_CPR] = seal(cpr)


def _pending_cpr() -> str | None:
    """The CPR number typed on the login page, for the code page (the one place that reads it)."""
    return unseal(session.get(PENDING_CPR))


@bp.route("/log-ind", methods=["GET", "POST"])
@public
def login():
    form = RequestCodeForm()
    if form.validate_on_submit():
        cpr = normalise(form.cpr.data)
        if not spend_or_explain(
            form.cpr, (CODES_PER_ADDRESS, "ip", request.remote_addr), (CODES_PER_CPR, "cpr", cpr)
        ):
            return render_template("auth/login.html", form=form), 429
        if form.channel.data != HAVE_CODE:
            services.request_login_code(cpr, form.channel.data, browser_token(), utcnow())
            db.session.commit()
        _remember_pending_cpr(cpr)
        session[LOGIN_NEXT] = request.args.get("next")
        session["login_channel"] = form.channel.data
        return redirect(url_for("auth.enter_code"))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.route("/log-ind/kode", methods=["GET", "POST"])
@public
@limiter.limit("60 per hour", methods=["POST"])
def enter_code():
    cpr = _pending_cpr()
    if not cpr:
        return redirect(url_for("auth.login"))
    form, browser = LoginCodeForm(), browser_token()
    citizen, paused = use_submitted_code(
        form, lambda code: services.log_in_with_code(cpr, browser, code, utcnow())
    )
    if paused:
        return paused
    if citizen:
        return redirect(safe_next(start_session(citizen), url_for("account.overview")))
    page = render_template(
        "auth/code.html",
        form=form,
        channel=session.get("login_channel"),
        not_sent=services.code_not_sent(browser),
    )
    return page, 422 if form.errors else 200


@bp.post("/log-ud")
@public
def logout():
    broker_logout = broker_logout_url()  # a MitID session ends at the broker too
    end_session()
    flash(_("You are logged out."), "success")
    return redirect(broker_logout or url_for("public.landing"))


@bp.post("/log-ud/overalt")
@public
def logout_everywhere():
    """End every session of whoever is signed in (a lost phone, a shared computer), this one too."""
    if current_user.is_authenticated:
        log_out_everywhere(current_user, utcnow())
    end_session()
    flash(_("You are logged out on every device."), "success")
    return redirect(url_for("public.landing"))


@bp.post("/session/forny")
@public
def stay_logged_in():
    """The activity itself renews the session of whoever is signed in (citizen, helper or staff);
    answer the script quietly, a form with a page."""
    if current_user.is_authenticated:
        renew_idle_time()
    if request.headers.get("X-Requested-With") == "fetch":  # the dialog: it shows the new time
        ends_at = session_ends_at()
        if ends_at is None:  # no longer signed in: the script reloads the page, which says so
            return jsonify(ends_at=None), 401
        return jsonify(
            ends_at=ends_at.isoformat(),
            ends_at_text=format_time(ends_at, "short"),
            seconds_left=int((ends_at - utcnow()).total_seconds()),  # a phone's own clock may be wrong
        )
    return redirect(safe_next(request.form.get("back"), url_for("account.overview")))
