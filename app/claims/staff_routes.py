"""Expense claims for jobcenter staff: the review queue, one claim with its files, the decision.
Only claims of the staff member's own jobcenter; deciding is for caseworkers and managers."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import found_or_404, on_own_jobcenter, staff_required
from app.audit import record_lookup
from app.claims import labels, services
from app.claims.forms import RejectForm
from app.claims.storage import download_response
from app.extensions import db
from app.forms import ActionForm
from app.models.claim import AWAITING_MANAGER, Claim
from app.models.types import utcnow

bp = Blueprint("claims_staff", __name__, url_prefix="/medarbejder/udlaeg")
DECIDERS = ("caseworker", "manager")


def _claim(claim_id: int):
    return on_own_jobcenter(current_user, Claim, claim_id)


@bp.get("/")
@staff_required()
def queue():
    claims = services.review_queue(current_user)
    page = render_template("claims/staff_queue.html", claims=claims, labels=labels)
    record_lookup(current_user, "claims_list", [claim.citizen_id for claim in claims])
    return page


@bp.get("/<int:claim_id>")
@staff_required()
def claim(claim_id: int):
    return _claim_page(_claim(claim_id))


def _claim_page(claim, reject_form=None, status=200):
    page = render_template(
        "claims/staff_claim.html",
        claim=claim,
        labels=labels,
        action_form=ActionForm(),
        reject_form=reject_form or RejectForm(),
        deciders=DECIDERS,
        needs_manager=services.needs_manager(claim),
    )
    record_lookup(current_user, "claim", claim.citizen_id, claim)
    return page, status


@bp.post("/<int:claim_id>/godkend")
@staff_required(*DECIDERS)
def approve(claim_id: int):
    claim = _claim(claim_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("claims_staff.claim", claim_id=claim.id))
    try:
        status = services.approve(current_user, claim, utcnow())
    except services.ManagerMustApprove:
        flash(_("This claim is above the approval limit. A manager must give the second approval."), "error")
        return redirect(url_for("claims_staff.claim", claim_id=claim.id))
    except services.AlreadyDecided:
        return _already_decided(claim)
    db.session.commit()
    if status == AWAITING_MANAGER:
        flash(
            _("Approved by you. The amount is above the approval limit, so a manager must also approve."),
            "success",
        )
    else:
        flash(_("The claim is approved. The citizen is told."), "success")
    return redirect(url_for("claims_staff.queue"))


@bp.post("/<int:claim_id>/afvis")
@staff_required(*DECIDERS)
def reject(claim_id: int):
    claim = _claim(claim_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _claim_page(claim, form, 422)
    try:
        services.reject(current_user, claim, form.reason.data, utcnow())
    except services.AlreadyDecided:
        return _already_decided(claim)
    db.session.commit()
    flash(_("The claim is rejected. The citizen is told, with your reason."), "success")
    return redirect(url_for("claims_staff.queue"))


def _already_decided(claim):
    flash(_("Someone else decided this claim first. Nothing was changed."), "error")
    return redirect(url_for("claims_staff.claim", claim_id=claim.id))


@bp.get("/fil/<int:file_id>")
@staff_required()
def download(file_id: int):
    document = found_or_404(services.file_for_staff(current_user, file_id))
    response = download_response(document)
    record_lookup(current_user, "claim_file", document.claim.citizen_id, document)
    return response
