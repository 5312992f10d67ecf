"""The citizen reports sick and well again, and keeps a receipt of each report."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from app.access import case_access, found_or_404
from app.cases import case_actor, case_citizen, voiced
from app.extensions import db, limiter
from app.job_search.card import job_search_card
from app.models.types import utcnow
from app.rules.mandates import REPORT_SICKNESS, VIEW
from app.sickness import receipts, services
from app.sickness.forms import RecoveryForm, SickForm

bp = Blueprint("sickness", __name__, url_prefix="/min-side/sygdom")


def _own_report(report_id: int):
    return found_or_404(services.report_of(case_citizen(), report_id))


def _name() -> str:
    return case_citizen().first_name


@bp.get("/")
@case_access(VIEW, REPORT_SICKNESS)
def overview():
    return _page()


def _page(sick_form=None, recovery_form=None, status=200):
    return render_template(
        "sickness/overview.html",
        open_report=services.open_report(case_citizen()),
        reports=services.reports_of(case_citizen()),
        card=job_search_card(case_citizen(), utcnow()),
        sick_form=sick_form or SickForm.for_reader(),
        recovery_form=recovery_form or RecoveryForm.for_reader(),
    ), status


@bp.post("/meld-syg")
@case_access(REPORT_SICKNESS)
@limiter.limit("20 per hour")
def report_sick():
    form = SickForm.for_reader()
    if not form.validate_on_submit():
        return _page(sick_form=form, status=422)
    try:
        report = services.report_sick(case_actor(), case_citizen(), form.report(), utcnow())
    except services.FirstDayAfterToday:
        form.first_day.errors.append(
            voiced(
                _("The first sick day cannot be after today. Report sick on the day you fall ill."),
                _(
                    "The first sick day cannot be after today. Report it on the day %(name)s falls ill.",
                    name=_name(),
                ),
            )
        )
        return _page(sick_form=form, status=422)
    except services.AlreadySick:
        flash(
            voiced(
                _("You are already reported sick. Tell us when you are well again."),
                _("%(name)s is already reported sick. Tell us when %(name)s is well again.", name=_name()),
            ),
            "info",
        )
        return redirect(url_for("sickness.overview"))
    db.session.commit()
    flash(
        voiced(
            _("Thank you. We have received your sickness report."),
            _("Thank you. We have received the sickness report for %(name)s.", name=_name()),
        ),
        "success",
    )
    return redirect(url_for("sickness.receipt", report_id=report.id))


@bp.post("/<int:report_id>/rask")
@case_access(REPORT_SICKNESS)
@limiter.limit("20 per hour")
def report_recovery(report_id: int):
    report = _own_report(report_id)
    form = RecoveryForm.for_reader()
    if not form.validate_on_submit():
        return _page(recovery_form=form, status=422)
    try:
        services.report_recovery(case_actor(), report, form.recovered_on.data, utcnow())
    except services.RecoveryDayRefused:
        form.recovered_on.errors.append(
            voiced(
                _("Write a day after your first sick day, and not after today."),
                _("Write a day after the first sick day of %(name)s, and not after today.", name=_name()),
            )
        )
        return _page(recovery_form=form, status=422)
    db.session.commit()
    flash(
        voiced(
            _("Thank you. You are registered as well again. Remember to confirm your job search again."),
            _(
                "Thank you. %(name)s is registered as well again. %(name)s must remember to confirm the job "
                "search again.",
                name=_name(),
            ),
        ),
        "success",
    )
    return redirect(url_for("sickness.receipt", report_id=report.id))


@bp.get("/<int:report_id>")
@case_access(VIEW, REPORT_SICKNESS)
def receipt(report_id: int):
    report = _own_report(report_id)
    return render_template("sickness/receipt.html", report=report, facts=receipts.receipt_facts(report))


@bp.get("/<int:report_id>.pdf")
@case_access(VIEW, REPORT_SICKNESS)
def pdf(report_id: int):
    return receipts.pdf_response(_own_report(report_id), str(get_locale()))
