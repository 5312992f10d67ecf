from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from app.access import citizen_required, public, safe_next
from app.auth import services
from app.auth.forms import HAVE_CODE, CodeForm, RequestCodeForm
from app.auth.session_timeout import end_session, start_session
from app.extensions import limiter
from app.models.types import utcnow
from app.rules.cpr import normalise

bp = Blueprint("auth", __name__)

PENDING_CPR, PENDING_NEXT = "login_cpr", "login_next"  # start_session() reads login_next


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
            services.send_login_code(cpr, form.channel.data, utcnow())
        session[PENDING_CPR], session[PENDING_NEXT] = cpr, request.args.get("next")
        session["login_channel"] = form.channel.data
        return redirect(url_for("auth.enter_code"))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.route("/log-ind/kode", methods=["GET", "POST"])
@public
@limiter.limit("60 per hour", methods=["POST"])
def enter_code():
    cpr = session.get(PENDING_CPR)
    if not cpr:
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            citizen = services.log_in_with_code(cpr, form.code.data, utcnow())
        except services.LoginPaused as paused:
            return render_template("auth/paused.html", until=paused.until), 429
        except services.WrongCode as wrong:
            form.code.errors.append(wrong.message)
        else:
            return redirect(safe_next(start_session(citizen), url_for("account.overview")))
    return render_template("auth/code.html", form=form, channel=session.get("login_channel")), (
        422 if form.errors else 200)


@bp.post("/log-ud")
@public
def logout():
    end_session()
    flash(_("You are logged out."), "success")
    return redirect(url_for("public.landing"))


@bp.post("/session/forny")
@citizen_required
def stay_logged_in():
    """The activity itself renews the session; answer the script quietly, a form with a page."""
    if request.headers.get("X-Requested-With") == "fetch":
        return "", 204
    return redirect(safe_next(request.form.get("back"), url_for("account.overview")))
