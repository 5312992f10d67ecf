"""Staff register a mandate from a signed paper form and revoke mandates. Any role may: giving
and ending access is front-desk work, and each step records who did it."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import citizen_for, on_own_jobcenter, staff_required
from app.audit import Actor, record_lookup
from app.errors import DomainError
from app.extensions import db
from app.forms import ActionForm
from app.mandates import services
from app.mandates.forms import PaperForm
from app.models import Mandate
from app.models.types import utcnow
from app.rules.mandates import MandateSettings, scopes_offered

bp = Blueprint("mandates_staff", __name__, url_prefix="/medarbejder")


@bp.route("/borger/<int:citizen_id>/fuldmagt", methods=["GET", "POST"])
@staff_required()
def register_paper(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    offered = scopes_offered(MandateSettings.from_settings(citizen.jobcenter.settings))
    form = PaperForm(offered, scopes=["view"])
    if form.validate_on_submit():
        try:
            services.register_paper(
                current_user, citizen, form.new_helper(), form.grant(), form.signed_on.data, utcnow()
            )
            db.session.commit()
        except DomainError as refused:
            db.session.rollback()  # nothing of the refused mandate may go out with the look-up below
            form.phone.errors.append(refused.message)
        else:
            flash(
                _(
                    "%(helper)s can now help %(name)s. Both have been told.",
                    helper=form.name.data,
                    name=citizen.name,
                ),
                "success",
            )
            return redirect(url_for("staff.citizen", citizen_id=citizen.id) + "#mandates")
    page = render_template("mandates/staff_paper.html", form=form, citizen=citizen)
    record_lookup(current_user, "paper_mandate_form", citizen)
    return page, 422 if form.errors else 200


@bp.post("/fuldmagt/<int:mandate_id>/tilbagekald")
@staff_required()
def revoke(mandate_id: int):
    mandate = on_own_jobcenter(current_user, Mandate, mandate_id)
    if ActionForm().validate_on_submit():
        services.revoke(Actor.of_staff(current_user), mandate, utcnow())
        db.session.commit()
        flash(
            _(
                "%(helper)s can no longer help %(name)s.",
                helper=mandate.helper.name,
                name=mandate.citizen.name,
            ),
            "success",
        )
    return redirect(url_for("staff.citizen", citizen_id=mandate.citizen_id) + "#mandates")
