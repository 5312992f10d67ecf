"""The copy of all a citizen's data: the citizen (or a helper with the `view` scope) takes it from
the activity page; staff make it at the desk from the citizen's page."""

import tempfile
from typing import BinaryIO

from flask import Blueprint, Response, flash, redirect, render_template, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.access import CASEWORKERS, case_access, citizen_for, staff_required
from app.audit import Actor
from app.cases import case_citizen, current_case
from app.claims.storage import current_storage
from app.extensions import db
from app.forms import ActionForm
from app.models.types import utcnow
from app.rights.export import record_desk_export, record_export, write_zip
from app.rights.large import newest_built_for, request_export, too_large_for_a_request
from app.rights.retention import mark_case_closed
from app.rules.dates import danish_today
from app.rules.mandates import VIEW

bp = Blueprint("rights", __name__)
SPOOL_IN_MEMORY = 8 * 1024 * 1024  # bytes of a ZIP kept in memory before it goes to a temporary file


@bp.post("/min-side/aktivitet/alle-data")
@case_access(VIEW)
def download():
    if not ActionForm().validate_on_submit():
        return redirect(url_for("account.activity"))
    case = current_case()
    if too_large_for_a_request(case.citizen):
        request_export(case.actor, case_citizen(), str(get_locale()))
        db.session.commit()
        flash(_preparing_text(case.by_helper), "info")
        return redirect(url_for("account.activity", _anchor="all-data"))
    archive = _spooled(
        lambda target: write_zip(target, case.citizen, str(get_locale()), for_helper=case.by_helper)
    )
    record_export(case.actor, case_citizen(), utcnow())
    db.session.commit()
    return _zip_download(archive)


@bp.get("/min-side/aktivitet/alle-data/klar")
@case_access(VIEW)
def prepared_copy():
    """The newest copy the worker built for the signed-in person who asked for it (no id in the
    path: nobody can name another person's copy). None yet: back to the activity page; expired:
    a page that says so (the nightly job then deletes it)."""
    case = current_case()
    export = newest_built_for(case.citizen, case.actor)
    if export is None:
        return redirect(url_for("account.activity", _anchor="all-data"))
    now = utcnow()
    if export.expires_at <= now:
        return _expired_page()
    stream, _size = current_storage().open(export.stored_name)
    record_export(case.actor, case_citizen(), now)
    db.session.commit()
    return _zip_download(stream)


def _preparing_text(by_helper: bool) -> str:
    if by_helper:
        return _("We are preparing the copy. We will send you an SMS when you can download it here.")
    return _("We are preparing your copy. We will send you a message when you can download it here.")


def _expired_page():
    page = render_template(
        "errors/error.html",
        title=_("This copy of your data has expired"),
        advice=_("Copies are deleted after a few days. Ask for a new copy on the activity page."),
        status=410,
    )
    return page, 410


@bp.post("/medarbejder/borger/<int:citizen_id>/alle-data")
@staff_required()
def desk_copy(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("staff.citizen", citizen_id=citizen.id))
    if too_large_for_a_request(citizen):
        request_export(Actor.of_staff(current_user), citizen, citizen.language)
        db.session.commit()
        flash(_("We are preparing the copy. You can download it on this page when it is ready."), "info")
        return redirect(url_for("staff.citizen", citizen_id=citizen.id, _anchor="all-data"))
    archive = _spooled(lambda target: write_zip(target, citizen, citizen.language))
    record_desk_export(current_user, citizen)
    return _zip_download(archive)


@bp.get("/medarbejder/borger/<int:citizen_id>/alle-data/klar")
@staff_required()
def desk_prepared_copy(citizen_id: int):
    """The newest desk copy the worker built for the staff member who asked for it; taking it is
    the look-up (as a desk copy made in the request is)."""
    citizen = citizen_for(current_user, citizen_id)
    export = newest_built_for(citizen, Actor.of_staff(current_user))
    if export is None:
        return redirect(url_for("staff.citizen", citizen_id=citizen.id, _anchor="all-data"))
    if export.expires_at <= utcnow():
        return _expired_page()
    stream, _size = current_storage().open(export.stored_name)
    record_desk_export(current_user, citizen)
    return _zip_download(stream)


def _spooled(write) -> BinaryIO:
    """A ZIP of hundreds of files goes to a temporary file, not into the worker's memory."""
    target = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (send_file closes it)
    write(target)
    target.seek(0)
    return target


def _zip_download(archive: BinaryIO) -> Response:
    response = send_file(
        archive, mimetype="application/zip", as_attachment=True, download_name="borgerportal-data.zip",
        max_age=0, conditional=False, etag=False,
    )  # fmt: skip
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/medarbejder/borger/<int:citizen_id>/afslut")
@staff_required(*CASEWORKERS)
def close_case(citizen_id: int):
    """The citizen has left the jobcenter: retention counts from today (README, "Keeping data")."""
    citizen = citizen_for(current_user, citizen_id)
    if ActionForm().validate_on_submit():
        mark_case_closed(current_user, citizen, danish_today(utcnow()))
        db.session.commit()
        flash(_("The case is marked as closed. Its data is deleted when its periods end."), "success")
    return redirect(url_for("staff.citizen", citizen_id=citizen.id))


@bp.post("/medarbejder/borger/<int:citizen_id>/genaabn")
@staff_required(*CASEWORKERS)
def reopen_case(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    if ActionForm().validate_on_submit():
        mark_case_closed(current_user, citizen, None)
        db.session.commit()
        flash(_("The case is open again."), "success")
    return redirect(url_for("staff.citizen", citizen_id=citizen.id))
