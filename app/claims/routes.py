"""The citizen's expense claims: hand in an invoice with photos or PDFs, follow the decision,
and download what was handed in."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.access import case_access, found_or_404
from app.cases import case_actor, case_citizen, voiced
from app.claims import labels, services
from app.claims.files import FileRefused, read_limited
from app.claims.forms import ACCEPTED_TYPES, ClaimForm
from app.claims.storage import download_response
from app.extensions import db, limiter
from app.forms import row_ids
from app.models.types import utcnow
from app.rules.mandates import UPLOAD_CLAIMS, VIEW

bp = Blueprint("claims", __name__, url_prefix="/min-side/udlaeg")


@bp.get("/")
@case_access(VIEW, UPLOAD_CLAIMS)
def overview():
    return render_template("claims/list.html", claims=services.claims_of(case_citizen()), labels=labels)


@bp.get("/ny")
@case_access(UPLOAD_CLAIMS)
def new():
    return _form_page(ClaimForm.for_reader(), [])


def _form_page(form, kept, duplicates=(), storage_full=False, status=200):
    """The form again, with the uploads kept so far: they are committed for the next try."""
    db.session.commit()
    return render_template(
        "claims/new.html",
        form=form,
        kept=kept,
        duplicates=duplicates,
        storage_full=storage_full,
        accepted_types=ACCEPTED_TYPES,
        max_files=services.MAX_FILES,
        labels=labels,
    ), status


@bp.post("/ny")
@case_access(UPLOAD_CLAIMS)
@limiter.limit("30 per hour")
def hand_in():
    form = ClaimForm.for_reader()
    kept = _kept_uploads()
    try:
        problems = _take_new_uploads(kept)
    except services.StorageFull:  # nothing of this sending was kept; what was typed is shown again
        return _form_page(form, kept, storage_full=True, status=507)
    valid = form.validate_on_submit()
    if not kept and not problems:
        problems.append(_("Add at least one file: a photo or a PDF of the invoice."))
    form.files.errors = problems
    if not valid or problems:
        return _form_page(form, kept, status=422)
    duplicates = services.duplicates_of(case_citizen(), form.details(), kept)
    if duplicates and not form.send_anyway.data:
        return _form_page(form, kept, duplicates, status=409)
    claim = services.submit(case_actor(), case_citizen(), form.details(), kept, utcnow())
    db.session.commit()
    flash(
        voiced(
            _("Thank you. We have received your invoice. We will send you a message when it is decided."),
            _(
                "Thank you. We have received the invoice. "
                "We will send %(name)s a message when it is decided.",
                name=case_citizen().first_name,
            ),
        ),
        "success",
    )
    return redirect(url_for("claims.claim", claim_id=claim.id))


def _kept_uploads():
    """Files uploaded with an earlier try of this form, minus those the citizen removed."""
    ids = row_ids(request.form.getlist("kept"))
    removed = set(row_ids(request.form.getlist("remove")))
    kept = services.waiting_uploads(case_citizen(), ids)
    services.drop_uploads([row for row in kept if row.id in removed])
    return [row for row in kept if row.id not in removed]


def _take_new_uploads(kept: list) -> list[str]:
    """Inspect and store the files sent now; add the good ones to `kept`, explain the others."""
    uploads = [
        upload
        for upload in [*request.files.getlist("files"), request.files.get("photo")]
        if upload is not None and upload.filename
    ]
    if len(kept) + len(uploads) > services.MAX_FILES:
        return [
            _(
                "You can hand in at most %(max)d files for one invoice. Choose fewer files.",
                max=services.MAX_FILES,
            )
        ]
    files = [(upload.filename, _read(upload)) for upload in uploads]
    stored, refused = services.keep_uploads(case_citizen(), files, utcnow())
    kept.extend(stored)
    return [labels.refusal_text(refusal) for refusal in refused]


def _read(upload):
    try:
        return read_limited(upload.stream)
    except FileRefused as refusal:
        return refusal


@bp.get("/<int:claim_id>")
@case_access(VIEW, UPLOAD_CLAIMS)
def claim(claim_id: int):
    found = found_or_404(services.claim_of(case_citizen(), claim_id))
    return render_template("claims/claim.html", claim=found, labels=labels)


@bp.get("/fil/<int:file_id>")
@case_access(VIEW, UPLOAD_CLAIMS)
def download(file_id: int):
    return download_response(found_or_404(services.file_of(case_citizen(), file_id)))
