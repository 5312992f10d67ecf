"""The helper's side: log in with their own phone, answer invitations, ask for access, and choose
whom to help ("Jeg hjælper: …"). The citizen's pages themselves are served by their features,
behind @case_access."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.access import found_or_404, helper_required, is_helper, public, safe_next
from app.auth import services as auth_services
from app.auth.code_entry import browser_token, use_submitted_code
from app.auth.forms import CodeForm
from app.auth.mitid import take_pending_helper_link
from app.auth.sealed import seal, unseal
from app.auth.session_timeout import LOGIN_NEXT, start_session
from app.cases import start_acting, stop_acting
from app.extensions import db, limiter
from app.forms import ActionForm
from app.mandates import invitations, services
from app.mandates.forms import HelperLoginForm, HelperNameForm, RequestAccessForm
from app.models.types import utcnow
from app.rate_limits import Quota, sms_per_number_per_day, spend_or_explain
from app.rules.cpr import normalise
from app.rules.dates import danish_today

bp = Blueprint("mandates_helper", __name__)
PREFIX = "/hjaelper"  # every page but the invitation link, which is short because it goes by SMS

PENDING_PHONE = "helper_login_phone"  # encrypted: the cookie is signed, not secret


# Counted in the database by every process (app/rate_limits.py), on the number in E.164, so no
# spelling of it ("20 12 34 56", "+45 2012-3456" …) counts apart.
CODES_PER_PHONE = Quota(
    "helper_codes_per_phone",
    "5 per 15 minutes",
    _l("You have asked for many codes for this number. Wait 15 minutes and try again."),
)
CODES_PER_ADDRESS = Quota(
    "helper_codes_per_address",
    "30 per hour",
    _l("Many codes have been asked for from your internet connection. Wait a while and try again."),
)


@bp.route(PREFIX + "/log-ind", methods=["GET", "POST"])
@public
def login():
    form = HelperLoginForm()
    if form.validate_on_submit():
        phone = form.phone.data
        uses = [(CODES_PER_ADDRESS, "ip", request.remote_addr), (CODES_PER_PHONE, "phone", phone)]
        if not spend_or_explain(form.phone, *uses, (sms_per_number_per_day(), "phone", phone)):
            return render_template("helpers/login.html", form=form), 429
        auth_services.send_helper_code(phone, browser_token(), utcnow())
        db.session.commit()
        session[PENDING_PHONE], session[LOGIN_NEXT] = seal(form.phone.data), request.args.get("next")
        return redirect(url_for("mandates_helper.enter_code"))
    return render_template("helpers/login.html", form=form), 422 if form.errors else 200


@bp.route(PREFIX + "/log-ind/kode", methods=["GET", "POST"])
@public
@limiter.limit("60 per hour", methods=["POST"])
def enter_code():
    phone = unseal(session.get(PENDING_PHONE))
    if not phone:
        return redirect(url_for("mandates_helper.login"))
    form = CodeForm()
    helper, paused = use_submitted_code(
        form, lambda code: auth_services.log_in_helper_with_code(phone, browser_token(), code, utcnow())
    )
    if paused:
        return paused
    if helper:
        mitid_to_link = take_pending_helper_link()  # came from MitID: the code proves the phone
        next_page = safe_next(start_session(helper), url_for("mandates_helper.home"))
        if mitid_to_link:
            auth_services.link_mitid_to_helper(helper, mitid_to_link)
            db.session.commit()
            flash(
                _("Your MitID is now linked to your helper account. Next time, MitID is enough."), "success"
            )
        if not helper.name:
            return redirect(url_for("mandates_helper.your_name", next=next_page))
        return redirect(next_page)
    return render_template("helpers/code.html", form=form), 422 if form.errors else 200


@bp.route(PREFIX + "/navn", methods=["GET", "POST"])
@helper_required
def your_name():
    form = HelperNameForm(name=current_user.name)
    if form.validate_on_submit():
        services.set_name(current_user, form.name.data, str(get_locale()), utcnow())
        db.session.commit()
        return redirect(safe_next(request.args.get("next"), url_for("mandates_helper.home")))
    return render_template("helpers/name.html", form=form), 422 if form.errors else 200


@bp.get(PREFIX + "/")
@helper_required
def home():
    """The helper's own page. Coming here is switching back from acting for someone."""
    stop_acting()
    if not current_user.name:
        return redirect(url_for("mandates_helper.your_name"))
    now = utcnow()
    return render_template(
        "helpers/home.html",
        overview=services.overview_for(current_user, now),
        now=now,
        invitation_token=invitations.token_for,
        form=ActionForm(),
    )


@bp.post(PREFIX + "/hjaelp/<int:mandate_id>")
@helper_required
def act_for(mandate_id: int):
    mandate = found_or_404(services.mandate_for(current_user, mandate_id))
    if not ActionForm().validate_on_submit() or not mandate.is_live(danish_today(utcnow())):
        flash(_("You cannot help this person now. The access has ended or has been taken back."), "error")
        return redirect(url_for("mandates_helper.home"))
    start_acting(mandate)
    services.record_opened(current_user, mandate)
    db.session.commit()
    return redirect(url_for("account.overview"))


@bp.post(PREFIX + "/stop")
@helper_required
def stop():
    stop_acting()
    return redirect(url_for("mandates_helper.home"))


ANSWERS = {"accept": services.accept, "decline": services.decline}


@bp.get("/h/<invitation_token>")
@public
def invitation(invitation_token: str):
    """Opening the link changes nothing (phones open links to show previews)."""
    try:
        mandate = _open_invitation(invitation_token)
    except invitations.InvitationProblem as problem:
        return _invitation_problem(problem.reason)
    if not is_helper():
        return render_template(
            "helpers/invitation_login.html",
            mandate=mandate,
            login_url=url_for("mandates_helper.login", next=request.path),
        )
    return render_template("helpers/invitation.html", mandate=mandate, form=ActionForm())


@bp.post("/h/<invitation_token>")
@helper_required
@limiter.limit("30 per hour")
def answer_invitation(invitation_token: str):
    try:
        mandate = _open_invitation(invitation_token)
        answer = ANSWERS.get(request.form.get("answer", ""))
        if not ActionForm().validate_on_submit() or answer is None:
            return redirect(url_for("mandates_helper.invitation", invitation_token=invitation_token))
        answer(current_user, mandate, utcnow())
        db.session.commit()
    except invitations.InvitationProblem as problem:
        return _invitation_problem(problem.reason)
    if mandate.status == "active":
        flash(_("Thank you. You can now help %(name)s.", name=mandate.citizen.name), "success")
    else:
        flash(_("You have said no. %(name)s can see that on their page.", name=mandate.citizen.name), "info")
    return redirect(url_for("mandates_helper.home"))


def _open_invitation(token: str):
    mandate = invitations.mandate_of(token)
    problem = invitations.problem_with(mandate, current_user if is_helper() else None, utcnow())
    if problem:
        raise invitations.InvitationProblem(problem)
    return mandate


INVITATION_PROBLEMS = {"forged": 404, "expired": 410, "used": 409, "withdrawn": 410, "wrong_person": 403}


def _invitation_problem(reason: str):
    return render_template("helpers/invitation_problem.html", reason=reason), INVITATION_PROBLEMS[reason]


@bp.route(PREFIX + "/bed-om-adgang", methods=["GET", "POST"])
@helper_required
@limiter.limit("10 per day", methods=["POST"])
def request_access():
    form = RequestAccessForm()
    if form.validate_on_submit():
        services.request_access(current_user, normalise(form.cpr.data), tuple(form.scopes.data), utcnow())
        db.session.commit()
        flash(
            _(
                "If the person is registered at the jobcenter, we have sent them your request. They "
                "answer on their own page. You get an SMS when they say yes."
            ),
            "success",
        )
        return redirect(url_for("mandates_helper.home"))
    return render_template("helpers/request.html", form=form), 422 if form.errors else 200
