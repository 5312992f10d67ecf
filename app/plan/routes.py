"""Min Plan for the citizen: read the current version, confirm receipt or mark it as read,
comment, compare with the version before, and download any version as a PDF."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from app.access import case_access
from app.cases import case_actor, case_citizen, voiced
from app.extensions import db, limiter
from app.forms import ActionForm
from app.models.plan import PUBLISHED
from app.models.types import utcnow
from app.plan import services
from app.plan.card import plan_card
from app.plan.changes import changes_between
from app.plan.forms import CommentForm
from app.plan.pdf import plan_pdf_response
from app.plan.presentation import change_shower
from app.rules.dates import danish_today
from app.rules.mandates import ACKNOWLEDGE_PLAN, VIEW

bp = Blueprint("plan", __name__, url_prefix="/min-side/plan")


def _own_version(version_id: int):
    """The signed-in citizen's published version, or 404 (also for someone else's)."""
    version = services.published_version(case_citizen(), version_id)
    if version is None:
        abort(404)
    return version


@bp.get("/")
@case_access(VIEW, ACKNOWLEDGE_PLAN)
def current():
    version = services.current_version(case_citizen())
    page = _plan_page(version)
    if version is not None:  # after rendering: the commit would make the page load everything again
        services.record_view(case_actor(), version, utcnow())
        db.session.commit()
    return page


@bp.get("/<int:version_id>")
@case_access(VIEW, ACKNOWLEDGE_PLAN)
def version(version_id: int):
    version = _own_version(version_id)
    if version.status == PUBLISHED:
        return redirect(url_for("plan.current"))
    return _plan_page(version)


def _plan_page(version, status=200, comment_form=None, problem=None):
    page = render_template(
        "plan/plan.html",
        version=version,
        card=plan_card(case_citizen(), danish_today(utcnow())),
        previous=services.previous_version(version) if version else None,
        comment_form=comment_form or CommentForm.for_reader(),
        action_form=ActionForm(),
        problem=problem,
    )
    return page, status


@bp.get("/versioner")
@case_access(VIEW, ACKNOWLEDGE_PLAN)
def versions():
    return render_template("plan/versions.html", versions=services.published_versions(case_citizen()))


@bp.get("/<int:version_id>/aendringer")
@case_access(VIEW, ACKNOWLEDGE_PLAN)
def changes(version_id: int):
    version = _own_version(version_id)
    previous = services.previous_version(version)
    if previous is None:
        abort(404)
    return render_template(
        "plan/changes.html",
        version=version,
        previous=previous,
        changes=changes_between(previous, version, change_shower()),
    )


@bp.get("/<int:version_id>.pdf")
@case_access(VIEW, ACKNOWLEDGE_PLAN)
def pdf(version_id: int):
    return plan_pdf_response(_own_version(version_id), str(get_locale()))


@bp.post("/<int:version_id>/bekraeft")
@case_access(ACKNOWLEDGE_PLAN)
@limiter.limit("30 per hour")
def acknowledge(version_id: int):
    return _record(
        version_id,
        services.acknowledge,
        done=voiced(
            _("Thank you. We have recorded that you received version %(number)d of your plan."),
            _("Thank you. We have recorded that %(name)s received version %(number)d of the plan."),
        ),
        already=voiced(
            _("You already confirmed that you received this plan on %(date)s."),
            _("It was already confirmed on %(date)s that %(name)s received this plan."),
        ),
    )


@bp.post("/<int:version_id>/laest")
@case_access(ACKNOWLEDGE_PLAN)
@limiter.limit("30 per hour")
def mark_read(version_id: int):
    return _record(
        version_id,
        services.mark_read,
        done=voiced(
            _("Thank you. Your plan is marked as read."), _("Thank you. The plan is marked as read.")
        ),
        already=voiced(
            _("You already marked this plan as read on %(date)s."),
            _("This plan was already marked as read on %(date)s."),
        ),
    )


def _record(version_id: int, service, done: str, already: str):
    version = _own_version(version_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("plan.current"))
    try:
        evidence = service(case_actor(), version, utcnow())
    except services.NotTheCurrentVersion:
        problem = voiced(
            _("This is an earlier version of your plan. Read your newest plan and confirm that one."),
            _("This is an earlier version of the plan. Read the newest plan and confirm that one."),
        )
        return _plan_page(version, 409, problem=problem)
    except services.NotAcknowledging:
        problem = voiced(
            _("You do not need to confirm receipt of your plan."),
            _("%(name)s does not need to confirm receipt of the plan.", name=case_citizen().first_name),
        )
        return _plan_page(version, 409, problem=problem)
    db.session.commit()
    message = already if evidence.already else done
    values = {"number": version.number, "date": format_date(evidence.receipt.at, "long")}
    flash(message % {**values, "name": case_citizen().first_name}, "success")
    return redirect(url_for("plan.current"))


@bp.post("/<int:version_id>/kommentar")
@case_access(ACKNOWLEDGE_PLAN)
@limiter.limit("30 per hour")
def comment(version_id: int):
    version = _own_version(version_id)
    form = CommentForm.for_reader()
    if not form.validate_on_submit():
        return _plan_page(version, 422, comment_form=form)
    services.add_comment(case_actor(), version, form.text.data, form.disagrees.data, utcnow())
    db.session.commit()
    flash(
        voiced(
            _("Thank you. Your caseworker can see your comment now."),
            _("Thank you. The caseworker can see the comment now."),
        ),
        "success",
    )
    return redirect(url_for("plan.version", version_id=version.id))
