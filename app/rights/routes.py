"""The copy of all a citizen's data: the citizen (or a helper with the `view` scope) takes it from
the activity page; staff make it at the desk from the citizen's page."""

from flask import Blueprint, Response, redirect, url_for
from flask_babel import get_locale
from flask_login import current_user

from app.access import case_access, citizen_for, staff_required
from app.cases import case_citizen, current_case
from app.forms import ActionForm
from app.models.types import utcnow
from app.rights.export import export_zip, record_desk_export, record_export
from app.rules.mandates import VIEW

bp = Blueprint("rights", __name__)


@bp.post("/min-side/aktivitet/alle-data")
@case_access(VIEW)
def download():
    if not ActionForm().validate_on_submit():
        return redirect(url_for("account.activity"))
    case = current_case()
    archive = export_zip(case.citizen, str(get_locale()), for_helper=case.by_helper)
    record_export(case.actor, case_citizen(), utcnow())
    return _zip_download(archive)


@bp.post("/medarbejder/borger/<int:citizen_id>/alle-data")
@staff_required()
def desk_copy(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("staff.citizen", citizen_id=citizen.id))
    archive = export_zip(citizen, citizen.language)
    record_desk_export(current_user, citizen)
    return _zip_download(archive)


def _zip_download(archive: bytes) -> Response:
    response = Response(archive, mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="borgerportal-data.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response
