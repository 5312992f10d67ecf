"""The citizen's side: confirm with the button, the one-tap link, and the receipts."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.access import case_access, is_citizen, public
from app.cases import about_citizen, case_actor, case_citizen, current_case, voiced
from app.extensions import db, limiter
from app.forms import ActionForm
from app.i18n import speak_language_of
from app.job_search import links, receipts, services
from app.models import JobSearchConfirmation
from app.models.types import utcnow
from app.rules.mandates import CONFIRM_JOB_SEARCH, VIEW

bp = Blueprint("job_search", __name__)


@bp.post("/min-side/bekraeft-jobsoegning")
@case_access(CONFIRM_JOB_SEARCH)
@limiter.limit("30 per hour")
def confirm():
    if not ActionForm().validate_on_submit():
        flash(_("The form has expired. Press the button again."), "error")
        return redirect(url_for("account.overview"))
    try:
        channel = "helper" if current_case().by_helper else "web"
        # Read the name and the language now: the confirmation's commit expires the citizen,
        # and reading either afterwards would load the citizen again.
        name, _locale = _name(), get_locale()
        receipt = services.confirm(case_citizen(), channel, case_actor(), utcnow())
    except services.NoDutyNow:
        flash(
            voiced(
                _("You do not need to confirm your job search right now. Your page says why."),
                _(
                    "%(name)s does not need to confirm the job search right now. The page says why.",
                    name=_name(),
                ),
            ),
            "info",
        )
        return redirect(url_for("account.overview"))
    db.session.commit()
    _flash_receipt(receipt, name)
    return redirect(url_for("job_search.receipt", confirmation_id=receipt.confirmation_id))


def _flash_receipt(receipt: services.Receipt, name: str) -> None:
    if receipt.already:
        already = _("The job search of %(name)s was already confirmed. Nothing more to do.", name=name)
        flash(voiced(_("You had already confirmed your job search. Nothing more to do."), already), "info")
    else:
        done = _("Thank you. The job search of %(name)s is confirmed.", name=name)
        flash(voiced(_("Thank you. Your job search is confirmed."), done), "success")


def _name() -> str:
    return case_citizen().first_name


@bp.get("/min-side/kvitteringer")
@case_access(VIEW, CONFIRM_JOB_SEARCH)
def receipt_list():
    page = services.receipt_page(case_citizen(), request.args.get("side", 1, type=int))
    if page.number > 1 and not page.confirmations:  # past the last page (an old link)
        return redirect(url_for("job_search.receipt_list"))
    return render_template("job_search/receipts.html", confirmations=page.confirmations, page=page)


@bp.get("/min-side/kvitteringer/<int:confirmation_id>")
@case_access(VIEW, CONFIRM_JOB_SEARCH)
def receipt(confirmation_id: int):
    confirmation, today = _own_confirmation(confirmation_id), receipts.today()
    status = services.current_status(case_citizen(), today)
    return render_template(
        "job_search/receipt.html",
        confirmation=confirmation,
        summary=receipts.summary(confirmation, status, today, about_citizen()),
    )


@bp.get("/min-side/kvitteringer/<int:confirmation_id>.pdf")
@case_access(VIEW, CONFIRM_JOB_SEARCH)
def receipt_pdf(confirmation_id: int):
    return receipts.pdf_response(_own_confirmation(confirmation_id))


def _own_confirmation(confirmation_id: int) -> JobSearchConfirmation:
    confirmation = db.session.get(JobSearchConfirmation, confirmation_id)
    if confirmation is None or confirmation.citizen_id != case_citizen().id:
        abort(404)  # someone else's receipt: as if it did not exist
    return confirmation


@bp.get("/j/<token>")
@public
def link(token: str):
    """The link from a reminder. Opening it changes nothing, because phones and mail programs
    open links by themselves to show previews; the citizen taps the one button on the page."""
    _speak_language_of_link(token)
    try:
        earlier = links.check(token, utcnow(), _signed_in_citizen_id())
    except links.LinkProblem as problem:
        return _link_problem(problem.reason)
    _citizen, due_on = links.read_token(token)
    if earlier:
        return _link_receipt(earlier)
    return render_template("job_search/link.html", due_on=due_on, form=ActionForm())


def _speak_language_of_link(token: str) -> None:
    """The page speaks the language the reminder was written in (a forged link: no one's)."""
    try:
        citizen, _due_on = links.read_token(token)
    except links.LinkProblem:
        return
    speak_language_of(citizen)


def _link_receipt(receipt: services.Receipt):
    confirmation, today = receipt.confirmation, receipts.today()
    status = services.current_status(confirmation.citizen, today)
    return render_template(
        "job_search/link_receipt.html", receipt=receipt, summary=receipts.summary(confirmation, status, today)
    )


def _signed_in_citizen_id() -> int | None:
    return current_user.id if is_citizen() else None


@bp.post("/j/<token>")
@public
@limiter.limit("30 per hour")
def confirm_by_link(token: str):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("job_search.link", token=token))
    try:
        receipt = links.confirm_by_link(token, utcnow(), _signed_in_citizen_id())
    except links.LinkProblem as problem:
        return _link_problem(problem.reason)
    except services.NoDutyNow:
        return _link_problem("no_duty")
    db.session.commit()
    return _link_receipt(receipt)


LINK_PROBLEMS = {"forged": 404, "expired": 410, "other_citizen": 403, "no_duty": 409}


def _link_problem(reason: str):
    return render_template("job_search/link_problem.html", reason=reason), LINK_PROBLEMS[reason]
