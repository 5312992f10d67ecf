"""Meetings for jobcenter staff: book, move, cancel and record them; the follow-up list of
absences and cancellations. Staff see only their own jobcenter's citizens; every look-up and
every change is audited."""

from datetime import timedelta

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app.access import CASEWORKERS, citizen_for, on_own_jobcenter, staff_required
from app.account import labels
from app.audit import record_lookup
from app.extensions import db
from app.forms import ActionForm
from app.letters.render import pdf_download
from app.meetings import follow_up, report, services
from app.meetings.forms import BookingForm, OutcomeForm, ReportForm, SicknessCategoryForm
from app.meetings.report_pdf import report_pdf
from app.models import Meeting, StaffUser
from app.models.types import utcnow
from app.rules import dates
from app.rules import meetings as rules
from app.rules.dates import danish_today
from app.rules.target_groups import TARGET_GROUPS

bp = Blueprint("meetings_staff", __name__, url_prefix="/medarbejder")


def _meeting(meeting_id: int) -> Meeting:
    """A meeting of the staff member's own jobcenter; 404 for any other."""
    return on_own_jobcenter(current_user, Meeting, meeting_id)


def _warned(citizen, form: BookingForm):
    """The warnings of the booking in `form`, unless the caseworker already saw them and books anyway."""
    warnings = services.warnings_for(citizen, form.booking(), utcnow())
    if form.book_anyway.data or not (warnings.late or warnings.short_notice or warnings.exempt):
        return None
    return warnings


@bp.route("/borger/<int:citizen_id>/samtaler", methods=["GET", "POST"])
@staff_required(*CASEWORKERS)
def book(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    form = BookingForm(prefix="meeting")
    if form.validate_on_submit():
        if warnings := _warned(citizen, form):  # shown once, then the caseworker may book anyway
            form.book_anyway.data = True
            form.warnings = warnings
            return _citizen_form_page("meetings/staff_booking.html", "booking_form", citizen, 200, form)
        meeting = services.book(current_user, citizen, form.booking(), utcnow())
        db.session.commit()
        flash(
            _("The meeting is booked and the summons is on its way to %(name)s.", name=citizen.name),
            "success",
        )
        return redirect(url_for("meetings_staff.meeting", meeting_id=meeting.id))
    status = 422 if form.errors else 200
    return _citizen_form_page("meetings/staff_booking.html", "booking_form", citizen, status, form)


@bp.route("/borger/<int:citizen_id>/sygedagpenge-kategori", methods=["GET", "POST"])
@staff_required(*CASEWORKERS)
def sickness_category(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    form = SicknessCategoryForm.for_case(citizen.sickness_category, citizen.jobcenter.settings)
    valid = form.validate_on_submit()
    if valid and citizen.target_group != rules.SICKNESS_BENEFIT:  # the form is not offered to others
        form.category.errors.append(_("Only a sygedagpenge case has a category."))
        valid = False
    if valid:
        services.set_sickness_category(current_user, citizen, form.chosen())
        db.session.commit()
        flash(_("The category is saved. The meeting deadline follows it."), "success")
        return redirect(url_for("staff.citizen", citizen_id=citizen.id) + "#meetings")
    status = 422 if form.errors else 200
    return _citizen_form_page("meetings/staff_category.html", "category_form", citizen, status, form)


def _citizen_form_page(template: str, lookup: str, citizen, status: int, form):
    """A sub-page of the staff citizen page with one meetings form; opening it is a look-up."""
    page = render_template(
        template, citizen=citizen, form=form, meetings=follow_up.staff_panel(citizen, utcnow()), labels=labels
    )
    record_lookup(current_user, lookup, citizen)
    return page, status


@bp.get("/samtale/<int:meeting_id>")
@staff_required()
def meeting(meeting_id: int):
    return _page(_meeting(meeting_id))


def _page(meeting: Meeting, status: int = 200, **forms):
    move_form = forms.get("move_form") or BookingForm(prefix="move", obj=None, data=_as_form(meeting))
    page = render_template(
        "meetings/staff_meeting.html",
        meeting=meeting,
        move_form=move_form,
        outcome_form=forms.get("outcome_form") or OutcomeForm(prefix="outcome"),
        action_form=ActionForm(),
        now=utcnow(),
    )
    record_lookup(current_user, "meeting", meeting.citizen_id, meeting)
    return page, status


def _as_form(meeting: Meeting) -> dict:
    local = meeting.starts_at.astimezone(dates.DANISH_TIME)
    return {
        "day": local.date(),
        "clock": local.strftime("%H:%M"),
        "minutes": meeting.minutes,
        "kind": meeting.kind,
        "form": meeting.form,
        "place": meeting.place,
        "video_link": meeting.video_link,
        "agenda": meeting.agenda,
    }


@bp.post("/samtale/<int:meeting_id>/flyt")
@staff_required(*CASEWORKERS)
def move(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = BookingForm(prefix="move")
    if not form.validate_on_submit():
        return _page(meeting, 422, move_form=form)
    try:
        services.move(current_user, meeting, form.booking(), utcnow())
        db.session.commit()
    except services.MeetingClosed:
        flash(_("Only a booked meeting can be moved."), "error")
        return redirect(url_for("meetings_staff.meeting", meeting_id=meeting.id))
    flash(_("The meeting is moved and %(name)s is told.", name=meeting.citizen.name), "success")
    return redirect(url_for("meetings_staff.meeting", meeting_id=meeting.id))


@bp.post("/samtale/<int:meeting_id>/udfald")
@staff_required(*CASEWORKERS)
def outcome(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = OutcomeForm(prefix="outcome")
    if not form.validate_on_submit():
        return _page(meeting, 422, outcome_form=form)
    if meeting.status != rules.BOOKED:
        flash(_("What happened at this meeting is already recorded."), "info")
    elif form.outcome.data == rules.CANCELLED_BY_JOBCENTER:
        services.cancel_by_jobcenter(current_user, meeting, form.note.data or "", utcnow())
        db.session.commit()
        flash(_("The meeting is cancelled and %(name)s is told.", name=meeting.citizen.name), "success")
    elif meeting.starts_at > utcnow():
        form.outcome.errors.append(_("The meeting has not started yet. Record it after it has started."))
        return _page(meeting, 422, outcome_form=form)
    else:
        services.record_outcome(current_user, meeting, form.outcome.data, form.note.data or "", utcnow())
        db.session.commit()
        flash(_("Recorded."), "success")
    return redirect(url_for("meetings_staff.meeting", meeting_id=meeting.id))


@bp.post("/samtale/<int:meeting_id>/sendt-med-post")
@staff_required(*CASEWORKERS)
def summoned_by_post(meeting_id: int):
    meeting = _meeting(meeting_id)
    if ActionForm().validate_on_submit():
        services.record_summons_by_post(current_user, meeting, utcnow())
        db.session.commit()
        flash(_("Recorded: the summons was sent by letter or Digital Post."), "success")
    return redirect(url_for("meetings_staff.meeting", meeting_id=meeting.id))


@bp.post("/samtale/<int:meeting_id>/fulgt-op")
@staff_required(*CASEWORKERS)
def followed_up(meeting_id: int):
    meeting = _meeting(meeting_id)
    if ActionForm().validate_on_submit():
        services.mark_seen(current_user, meeting, utcnow())
        db.session.commit()
        flash(_("The meeting is off the follow-up list."), "success")
    return redirect(url_for("meetings_staff.attention_list"))


@bp.get("/opfoelgning/samtaler")
@staff_required()
def attention_list():
    meetings = follow_up.to_follow_up(current_user)
    page = render_template("meetings/attention.html", meetings=meetings, action_form=ActionForm())
    record_lookup(current_user, "meetings_list", [meeting.citizen_id for meeting in meetings])
    return page


REPORT_DAYS = 90  # the default period: the last three months
SHOWN_ON_THE_PAGE = 500  # the CSV has every row; a page of 10,000 rows helps nobody


@bp.get("/rettidighed")
@staff_required(*CASEWORKERS)
def timeliness():
    form, rows = _report()
    if not form.errors:
        form.first_day.data, form.last_day.data = _period(form)
    page = render_template(
        "meetings/timeliness.html",
        form=form,
        rows=rows[:SHOWN_ON_THE_PAGE],
        total=len(rows),
        meetings=sum(1 for row in rows if row.meeting_id),
        counts=report.counts(rows),
        labels=labels,
    )
    record_lookup(current_user, "timeliness_report", [row.citizen_id for row in rows[:SHOWN_ON_THE_PAGE]])
    return page, 422 if form.errors else 200


@bp.get("/rettidighed.csv")
@staff_required(*CASEWORKERS)
def timeliness_csv():
    _form, rows = _report()
    response = Response(report.as_csv(rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="rettidighed.csv"'
    record_lookup(current_user, "timeliness_csv", [row.citizen_id for row in rows])
    return response


@bp.get("/rettidighed.pdf")
@staff_required(*CASEWORKERS)
def timeliness_pdf():
    form, rows = _report()
    if form.errors:  # the page explains what is wrong, with the filters as typed
        return redirect(url_for(".timeliness", **request.args))
    wanted = _wanted(form)
    chosen = [_chosen(form.caseworker), _chosen(form.group)]
    pdf = report_pdf(rows, wanted, current_user.jobcenter, chosen, str(get_locale()))
    record_lookup(current_user, "timeliness_pdf", [row.citizen_id for row in rows])
    return pdf_download(pdf, "rettidighed.pdf")


def _chosen(field) -> str:
    """The filter as the page names it, "Caseworker: Karin"; "" when everyone is shown."""
    names = dict((choice.value, choice.label) for choice in field.choices)
    return f"{field.label.text}: {names[field.data]}" if field.data in names and field.data else ""


def _report():
    form = ReportForm(request.args)
    everyone = SelectChoice("", _("All"))
    form.caseworker.choices = [everyone] + [SelectChoice(str(s.id), s.name) for s in _caseworkers()]
    form.group.choices = [everyone] + [SelectChoice(group, group) for group in TARGET_GROUPS]
    if not form.validate():
        return form, []
    return form, report.rows(_wanted(form), utcnow(), current_user.jobcenter.settings)


def _wanted(form: ReportForm) -> report.ReportFilter:
    first_day, last_day = _period(form)
    return report.ReportFilter(
        current_user.jobcenter_id,
        first_day,
        last_day,
        int(form.caseworker.data) if (form.caseworker.data or "").isdigit() else None,
        form.group.data or "",
    )


def _period(form: ReportForm):
    last_day = form.last_day.data or danish_today(utcnow())
    return form.first_day.data or last_day - timedelta(days=REPORT_DAYS), last_day


def _caseworkers() -> list[StaffUser]:
    query = (
        db.select(StaffUser)
        .where(StaffUser.jobcenter_id == current_user.jobcenter_id)
        .order_by(StaffUser.name)
    )
    return list(db.session.scalars(query))
