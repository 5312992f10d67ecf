"""Min Plan for staff: read any version with its evidence, write and publish the next version
(caseworkers and up), record delivery by digital post or letter, print the plan as a letter,
and the list of plans still missing their evidence. Only the staff member's own jobcenter."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import CASEWORKERS, citizen_for, staff_required
from app.audit import record_lookup
from app.extensions import db
from app.forms import ActionForm
from app.models.types import utcnow
from app.plan import follow_up, labels, services
from app.plan.forms import MAX_ACTIVITIES, AnswerForm, DeliveryForm, PlanForm
from app.plan.pdf import plan_pdf_response
from app.rules.dates import danish_today

bp = Blueprint("plan_staff", __name__, url_prefix="/medarbejder")


def _version_of(citizen, version_id: int):
    version = services.published_version(citizen, version_id)
    if version is None:
        abort(404)
    return version


@bp.get("/borger/<int:citizen_id>/plan")
@staff_required()
def overview(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    return _version_page(citizen, services.current_version(citizen))


@bp.get("/borger/<int:citizen_id>/plan/<int:version_id>")
@staff_required()
def version(citizen_id: int, version_id: int):
    citizen = citizen_for(current_user, citizen_id)
    return _version_page(citizen, _version_of(citizen, version_id))


def _version_page(citizen, version, status=200, delivery_form=None, answer_form=None):
    if version is not None and delivery_form is None:
        delivery_form = _delivery_form(version)
    page = render_template(
        "plan/staff_plan.html",
        citizen=citizen,
        version=version,
        labels=labels,
        state=services.delivery_state(version) if version else None,
        must_acknowledge=services.must_acknowledge(citizen),
        draft=services.draft_of(citizen),
        versions=services.published_versions(citizen),
        delivery_form=delivery_form,
        answer_forms=_answer_forms(version, answer_form),
        waiting_elsewhere=_disagreements_on_other_versions(citizen, version),
        action_form=ActionForm(),
    )
    record_lookup(current_user, "plan", citizen, version)
    return page, status


def _answer_forms(version, submitted: AnswerForm | None) -> dict:
    """An empty answer form for each unanswered comment; the one sent with errors instead."""
    comments = version.comments if version is not None else []
    forms = {
        comment.id: AnswerForm(comment.id, formdata=None) for comment in comments if comment.answer is None
    }
    if submitted is not None:
        forms[submitted.comment_id] = submitted
    return forms


def _disagreements_on_other_versions(citizen, version) -> list:
    shown = version.id if version is not None else None
    return [c for c in services.unanswered_disagreements(citizen) if c.version_id != shown]


def _delivery_form(version, **kwargs) -> DeliveryForm:
    today = danish_today(utcnow())
    return DeliveryForm(danish_today(version.published_at), today, **kwargs)


@bp.get("/borger/<int:citizen_id>/plan/<int:version_id>.pdf")
@staff_required()
def letter_pdf(citizen_id: int, version_id: int):
    citizen = citizen_for(current_user, citizen_id)
    version = _version_of(citizen, version_id)
    response = plan_pdf_response(version, citizen.language)
    record_lookup(current_user, "plan_pdf", citizen, version)
    return response


@bp.post("/borger/<int:citizen_id>/plan/<int:version_id>/levering")
@staff_required(*CASEWORKERS)
def record_delivery(citizen_id: int, version_id: int):
    citizen = citizen_for(current_user, citizen_id)
    version = _version_of(citizen, version_id)
    form = _delivery_form(version)
    if not form.validate_on_submit():
        return _version_page(citizen, version, 422, delivery_form=form)
    services.record_delivery(
        current_user, version, form.channel.data, form.delivered_on.data, form.note.data, utcnow()
    )
    db.session.commit()
    flash(_("The delivery is recorded. The plan is now validly delivered."), "success")
    return redirect(url_for("plan_staff.version", citizen_id=citizen.id, version_id=version.id))


@bp.post("/borger/<int:citizen_id>/plan/kommentar/<int:comment_id>/svar")
@staff_required(*CASEWORKERS)
def answer_comment(citizen_id: int, comment_id: int):
    citizen = citizen_for(current_user, citizen_id)
    comment = services.comment_of(citizen, comment_id)
    if comment is None:
        abort(404)
    version = _version_of(citizen, comment.version_id)
    form = AnswerForm(comment.id)
    if not form.validate_on_submit():
        return _version_page(citizen, version, 422, answer_form=form)
    try:
        services.answer_comment(current_user, comment, form.answer.data, utcnow())
        db.session.commit()
        flash(_("Your answer is saved. The citizen can read it and has been told."), "success")
    except services.AlreadyAnswered:
        flash(_("A colleague has already answered this comment. Read the answer below."), "info")
    return redirect(url_for("plan_staff.version", citizen_id=citizen.id, version_id=version.id))


@bp.route("/borger/<int:citizen_id>/plan/ny", methods=["GET", "POST"])
@staff_required(*CASEWORKERS)
def edit(citizen_id: int):
    """The editor. Without JavaScript: "Add an activity" sends the form back with one more row."""
    citizen = citizen_for(current_user, citizen_id)
    form = PlanForm()
    if request.method == "GET":
        start_from = services.draft_of(citizen) or services.current_version(citizen)
        if start_from is not None:
            form.fill_from(start_from)
        return _editor(citizen, form)
    action = request.form.get("action", "save")
    if not form.validate_on_submit():
        return _editor(citizen, form, 422)
    if action == "add":
        return _add_activity_row(citizen, form)
    if action == "publish":
        return _publish(citizen, form)
    services.save_draft(current_user, citizen, form.content())
    db.session.commit()
    flash(_("The draft is saved. The citizen cannot see it until you publish it."), "success")
    return redirect(url_for("plan_staff.edit", citizen_id=citizen.id))


def _editor(citizen, form, status=200):
    page = render_template(
        "plan/edit.html",
        citizen=citizen,
        form=form,
        current=services.current_version(citizen),
        draft=services.draft_of(citizen),
        must_acknowledge=services.must_acknowledge(citizen),
        max_activities=MAX_ACTIVITIES,
    )
    record_lookup(current_user, "plan_editor", citizen)
    return page, status


def _add_activity_row(citizen, form):
    if len(form.activities.entries) < MAX_ACTIVITIES:
        form.activities.append_entry()
    return _editor(citizen, form)


def _publish(citizen, form):
    if not form.check_complete():
        return _editor(citizen, form, 422)
    try:
        version = services.publish(current_user, citizen, form.content(), utcnow())
    except services.NothingChanged:
        current = services.current_version(citizen)
        flash(
            _(
                "Nothing has changed since version %(number)d, so nothing was published. "
                "Change the plan first. Your text is still here.",
                number=current.number,
            ),
            "error",
        )
        return _editor(citizen, form, 422)
    except services.PublishedMeanwhile:
        flash(
            _("A colleague published a version at the same moment. Check the plan and publish again."), "info"
        )
        return _editor(citizen, form, 409)
    db.session.commit()
    flash(_("Version %(number)d is published. The citizen has been told.", number=version.number), "success")
    return redirect(url_for("plan_staff.version", citizen_id=citizen.id, version_id=version.id))


@bp.post("/borger/<int:citizen_id>/plan/kladde/slet")
@staff_required(*CASEWORKERS)
def discard_draft(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    draft = services.draft_of(citizen)
    if draft is not None and ActionForm().validate_on_submit():
        services.discard_draft(current_user, draft)
        db.session.commit()
        flash(_("The draft is deleted."), "success")
    return redirect(url_for("plan_staff.overview", citizen_id=citizen.id))


@bp.get("/opfoelgning/planer")
@staff_required()
def attention_list():
    rows = follow_up.plans_needing_attention(current_user, danish_today(utcnow()))
    page = render_template("plan/attention.html", rows=rows, labels=labels)
    record_lookup(current_user, "plan_list", [row.citizen for row in rows])
    return page
