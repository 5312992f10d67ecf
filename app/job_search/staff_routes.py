"""The staff side of job search: the follow-up list, confirming in person, exemptions,
do-not-sanction markings and decisions. Staff see only their own jobcenter's citizens."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from app.access import CASEWORKERS, citizen_for, staff_required
from app.account import labels
from app.audit import record_lookup
from app.extensions import db
from app.forms import ActionForm
from app.job_search import follow_up, services
from app.job_search.forms import (
    DecisionForm,
    DoNotSanctionForm,
    EndExemptionForm,
    ExemptionForm,
    FollowUpFilterForm,
)
from app.job_search.staff_panel import end_forms_for, staff_panel
from app.models import Exemption
from app.models.types import utcnow
from app.rules.dates import danish_today

bp = Blueprint("job_search_staff", __name__, url_prefix="/medarbejder")


def form_page(template: str, lookup: str, citizen, status: int, **context):
    """A sub-page of the staff citizen page with the job-search forms of one kind; opening it is
    a look-up (it names the citizen and shows their case)."""
    page = render_template(
        template,
        citizen=citizen,
        job_search=staff_panel(citizen, utcnow()),
        labels=labels,
        action_form=ActionForm(),
        **context,
    )
    record_lookup(current_user, lookup, citizen)
    return page, status


def _staff_actor() -> services.Actor:
    return services.Actor.of_staff(current_user)


@bp.get("/opfoelgning")
@staff_required()
def follow_up_list():
    form, rows = _filtered_rows()
    page = render_template("staff/follow_up.html", form=form, rows=rows, labels=labels)
    record_lookup(current_user, "follow_up_list", [row.citizen for row in rows])
    return page


@bp.get("/opfoelgning.csv")
@staff_required()
def follow_up_csv():
    _form, rows = _filtered_rows()
    response = Response(follow_up.as_csv(rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="opfoelgningsliste.csv"'
    record_lookup(current_user, "follow_up_csv", [row.citizen for row in rows])
    return response


def _filtered_rows():
    """The list as the filters in the query string ask for it; the page and the CSV are the same."""
    form = FollowUpFilterForm(request.args)
    rows = follow_up.follow_up_list(
        current_user, danish_today(utcnow()), form.stage.data or "", form.flag.data or ""
    )
    return form, rows


@bp.post("/borger/<int:citizen_id>/bekraeft-jobsoegning")
@staff_required()
def confirm_in_person(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    if ActionForm().validate_on_submit():
        try:
            receipt = services.confirm(citizen, "in_person", _staff_actor(), utcnow())
        except services.NoDutyNow:
            flash(_("The citizen has nothing to confirm right now."), "info")
        else:
            db.session.commit()
            flash(
                _("Already confirmed today.")
                if receipt.already
                else _("Job search confirmed in person. The citizen can see the receipt."),
                "success",
            )
    return redirect(url_for("staff.citizen", citizen_id=citizen.id))


@bp.route("/borger/<int:citizen_id>/fritagelse", methods=["GET", "POST"])
@staff_required(*CASEWORKERS)
def add_exemption(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    form = ExemptionForm(prefix="exemption")
    if form.validate_on_submit():
        services.add_exemption(
            _staff_actor(),
            citizen,
            form.kind.data,
            form.starts_on.data,
            form.ends_on.data,
            utcnow(),
            note=form.note.data,
        )
        db.session.commit()
        flash(_("The exemption is registered. Reminders stop while it lasts."), "success")
        return redirect(url_for("staff.citizen", citizen_id=citizen.id))
    return exemptions_page(citizen, 422 if form.errors else 200, exemption_form=form)


def exemptions_page(citizen, status: int, exemption_form: ExemptionForm, end_forms: dict | None = None):
    """The citizen's exemptions, a form to end each open one, and the form to register one."""
    return form_page(
        "job_search/staff_exemptions.html",
        "exemptions",
        citizen,
        status,
        exemption_form=exemption_form,
        end_forms=end_forms if end_forms is not None else end_forms_for(citizen),
    )


@bp.post("/borger/<int:citizen_id>/fritagelse/<int:exemption_id>/afslut")
@staff_required(*CASEWORKERS)
def end_exemption(citizen_id: int, exemption_id: int):
    citizen = citizen_for(current_user, citizen_id)
    exemption = db.session.get(Exemption, exemption_id)
    if exemption is None or exemption.citizen_id != citizen.id:
        raise NotFound()
    form = EndExemptionForm(exemption)
    if not form.validate_on_submit():
        end_forms = {**end_forms_for(citizen), exemption.id: form}
        return exemptions_page(citizen, 422, ExemptionForm(prefix="exemption", formdata=None), end_forms)
    services.end_exemption(_staff_actor(), exemption, form.ends_on.data, utcnow())
    db.session.commit()
    flash(_("The exemption is ended. The citizen's next deadline is updated."), "success")
    return redirect(url_for("staff.citizen", citizen_id=citizen.id))


@bp.route("/borger/<int:citizen_id>/sanktionsmarkering", methods=["GET", "POST"])
@staff_required(*CASEWORKERS)
def do_not_sanction(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    form = DoNotSanctionForm(prefix="dns", reason=citizen.do_not_sanction_reason or "")
    if form.validate_on_submit():
        follow_up.set_do_not_sanction(current_user, citizen, form.reason.data)
        db.session.commit()
        flash(_("The marking is saved."), "success")
        return redirect(url_for("staff.citizen", citizen_id=citizen.id))
    status = 422 if form.errors else 200
    return form_page(
        "job_search/staff_do_not_sanction.html", "do_not_sanction_form", citizen, status, form=form
    )


@bp.route("/borger/<int:citizen_id>/afgoerelse", methods=["GET", "POST"])
@staff_required(*CASEWORKERS)
def decide(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    form = DecisionForm(prefix="decision")
    if form.validate_on_submit():
        follow_up.record_decision(current_user, citizen, form.decision.data, form.reason.data, utcnow())
        db.session.commit()
        flash(_("The decision is recorded. The citizen has been told."), "success")
        return redirect(url_for("staff.citizen", citizen_id=citizen.id))
    status = 422 if form.errors else 200
    return form_page("job_search/staff_decision.html", "decision_form", citizen, status, form=form)
