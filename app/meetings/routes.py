"""The citizen's meetings: the list, one meeting, its calendar file, and "I cannot come"."""

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.access import case_access, found_or_404
from app.cases import case_actor, case_citizen, current_case, voiced
from app.extensions import db, limiter
from app.meetings import services
from app.meetings.forms import CannotComeForm
from app.meetings.pages import calendar_file, meeting_view
from app.models.types import utcnow
from app.rules import meetings as rules
from app.rules.mandates import MEETINGS, REPORT_SICKNESS, VIEW

bp = Blueprint("meetings", __name__, url_prefix="/min-side/samtaler")


def _own_meeting(meeting_id: int):
    return found_or_404(services.meeting_of(case_citizen(), meeting_id))


@bp.get("/")
@case_access(VIEW, MEETINGS)
def overview():
    now = utcnow()
    meetings = services.meetings_of(case_citizen())
    upcoming = sorted(
        (m for m in meetings if m.status == rules.BOOKED and m.starts_at > now), key=lambda m: m.starts_at
    )
    past = [m for m in meetings if m not in upcoming]
    return render_template("meetings/list.html", upcoming=upcoming, past=past)


@bp.get("/<int:meeting_id>")
@case_access(VIEW, MEETINGS)
def meeting(meeting_id: int):
    return _page(_own_meeting(meeting_id))


def _page(meeting, form=None, status=200):
    view, form = meeting_view(meeting, utcnow()), form or CannotComeForm.for_reader()
    return render_template("meetings/meeting.html", view=view, form=form), status


@bp.get("/<int:meeting_id>.ics")
@case_access(VIEW, MEETINGS)
def ics(meeting_id: int):
    meeting = _own_meeting(meeting_id)
    return Response(
        calendar_file(meeting, utcnow()),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="samtale-{meeting.id}.ics"'},
    )


@bp.post("/<int:meeting_id>/kan-ikke-komme")
@case_access(MEETINGS)
@limiter.limit("20 per hour")
def cannot_come(meeting_id: int):
    meeting = _own_meeting(meeting_id)
    form = CannotComeForm.for_reader()
    if not form.validate_on_submit():
        return _page(meeting, form, 422)
    answer = form.answer()
    try:
        services.cannot_come(case_actor(), meeting, answer, utcnow(), file_sickness=_may_report_sickness())
        db.session.commit()
    except services.MeetingAlreadyStarted:
        flash(
            _(
                "The meeting has started. Call the jobcenter on %(phone)s.",
                phone=meeting.citizen.jobcenter.phone,
            ),
            "error",
        )
        return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    except services.MeetingClosed:
        flash(_("This meeting is no longer booked, so there is nothing to cancel."), "info")
        return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    flash(
        voiced(
            _("Thank you. The jobcenter now knows that you cannot come. You have a receipt below."),
            _(
                "Thank you. The jobcenter now knows that %(name)s cannot come. The receipt is below.",
                name=meeting.citizen.first_name,
            ),
        ),
        "success",
    )
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id) + "#receipt")


def _may_report_sickness() -> bool:
    """A helper files the sickness report only with the scope for it."""
    return current_case().allows(REPORT_SICKNESS)
