"""Sickness for jobcenter staff: the list of reports to look at, and marking a report as read."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import CASEWORKERS, on_own_jobcenter, staff_required
from app.audit import Actor, record_lookup
from app.extensions import db
from app.forms import ActionForm
from app.models import SicknessReport
from app.models.types import utcnow
from app.rules.dates import danish_today
from app.sickness import follow_up, services

bp = Blueprint("sickness_staff", __name__, url_prefix="/medarbejder")


@bp.get("/opfoelgning/sygdom")
@staff_required()
def attention_list():
    rows = follow_up.reports_needing_attention(current_user, danish_today(utcnow()))
    page = render_template("sickness/attention.html", rows=rows, action_form=ActionForm())
    record_lookup(current_user, "sickness_list", [row.citizen for row in rows])
    return page


@bp.post("/sygemelding/<int:report_id>/laest")
@staff_required(*CASEWORKERS)
def mark_seen(report_id: int):
    report = on_own_jobcenter(current_user, SicknessReport, report_id)
    if ActionForm().validate_on_submit():
        services.mark_seen(Actor.of_staff(current_user), report, utcnow())
        db.session.commit()
        flash(_("The sickness report of %(name)s is marked as read.", name=report.citizen.name), "success")
    return redirect(url_for("staff.citizen", citizen_id=report.citizen_id) + "#sickness")
