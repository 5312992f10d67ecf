from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from app.access import public, safe_next
from app.auth import services
from app.auth.code_entry import browser_token, use_submitted_code
from app.auth.forms import HAVE_CODE, LoginCodeForm, RequestCodeForm
from app.auth.session_timeout import LOGIN_NEXT, end_session, start_session
from app.extensions import limiter
from app.models.types import utcnow
from app.rules.cpr import normalise

bp = Blueprint("auth", __name__)

PENDING_CPR = "login_cpr"


def _remember_pending_cpr(cpr: str) -> None:
    session[PENDING_CPR] = cpr


def _pending_cpr() -> str | None:
    """The CPR number typed on the login page, for the code page (the one place that reads it)."""
    return session.get(PENDING_CPR)


def _cpr_in_form() -> str:
    return "cpr:" + (normalise(request.form.get("cpr", "")) or "invalid")


@bp.route("/log-ind", methods=["GET", "POST"])
@public
@limiter.limit("30 per hour", methods=["POST"])
@limiter.limit("5 per 15 minutes", key_func=_cpr_in_form, methods=["POST"])
def login():
    form = RequestCodeForm()
    if form.validate_on_submit():
        cpr = normalise(form.cpr.data)
        if form.channel.data != HAVE_CODE:
            services.request_login_code(cpr, form.channel.data, browser_token(), utcnow())
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
    end_session()
    flash(_("You are logged out."), "success")
    return redirect(url_for("public.landing"))


@bp.post("/session/forny")
@public
def stay_logged_in():
    """The activity itself renews the session of whoever is signed in (citizen, helper or staff);
    answer the script quietly, a form with a page."""
    if request.headers.get("X-Requested-With") == "fetch":
        return "", 204
    return redirect(safe_next(request.form.get("back"), url_for("account.overview")))
