"""The citizen's side: who may help me, with what, until when; invite, answer, change, take back.
Only the citizen may use these pages; a helper never manages mandates."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import citizen_required, found_or_404
from app.audit import Actor
from app.errors import DomainError
from app.extensions import db, limiter
from app.forms import ActionForm
from app.mandates import services
from app.mandates.forms import ChangeForm, InviteForm
from app.models.types import utcnow
from app.rate_limits import sms_per_number_per_day, spend_or_explain
from app.rules.mandates import MandateSettings, scopes_offered

bp = Blueprint("mandates", __name__, url_prefix="/min-side/hjaelpere")


def _offered() -> tuple[str, ...]:
    return scopes_offered(MandateSettings.from_settings(current_user.jobcenter.settings))


def _own(mandate_id: int):
    return found_or_404(services.mandate_of(current_user, mandate_id))


@bp.get("/")
@citizen_required
def overview():
    requests, mandates = services.requests_and_mandates_of(current_user)
    return render_template(
        "mandates/overview.html", requests=requests, mandates=mandates, now=utcnow(), form=ActionForm()
    )


@bp.route("/inviter", methods=["GET", "POST"])
@citizen_required
@limiter.limit("20 per day", methods=["POST"])
def invite():
    form = InviteForm(_offered(), scopes=["view"])
    if form.validate_on_submit():
        if not spend_or_explain(form.phone, (sms_per_number_per_day(), "phone", form.phone.data)):
            return render_template("mandates/invite.html", form=form), 429
        try:
            services.invite(current_user, form.new_helper(), form.grant(), utcnow())
            db.session.commit()
        except DomainError as refused:
            form.phone.errors.append(refused.message)
        else:
            flash(
                _(
                    "We have sent an invitation by SMS to %(name)s. It works for 14 days.",
                    name=form.name.data,
                ),
                "success",
            )
            return redirect(url_for("mandates.overview"))
    return render_template("mandates/invite.html", form=form), 422 if form.errors else 200


@bp.route("/<int:mandate_id>/aendr", methods=["GET", "POST"])
@citizen_required
def change(mandate_id: int):
    mandate = _own(mandate_id)
    form = ChangeForm(_offered(), scopes=mandate.scopes, ends_on=mandate.ends_on)
    if form.validate_on_submit():
        return _done(
            lambda: services.change(current_user, mandate, form.grant(), utcnow()),
            _("The access is changed."),
        )
    return render_template("mandates/grant.html", form=form, mandate=mandate, answering=False), (
        422 if form.errors else 200
    )


@bp.route("/<int:mandate_id>/godkend", methods=["GET", "POST"])
@citizen_required
def approve(mandate_id: int):
    mandate = _own(mandate_id)
    form = ChangeForm(_offered(), scopes=mandate.scopes)
    if form.validate_on_submit():
        return _done(
            lambda: services.approve(current_user, mandate, form.grant(), utcnow()),
            _("%(name)s can now help you.", name=mandate.helper.name),
        )
    return render_template("mandates/grant.html", form=form, mandate=mandate, answering=True), (
        422 if form.errors else 200
    )


@bp.post("/<int:mandate_id>/afvis")
@citizen_required
def refuse(mandate_id: int):
    mandate = _own(mandate_id)
    return _done(
        lambda: services.refuse(current_user, mandate, utcnow()),
        _("You have said no to %(name)s.", name=mandate.helper.name),
        ActionForm(),
    )


@bp.post("/<int:mandate_id>/tilbagekald")
@citizen_required
def revoke(mandate_id: int):
    mandate = _own(mandate_id)
    return _done(
        lambda: services.revoke(Actor.of_citizen(current_user), mandate, utcnow()),
        _("%(name)s can no longer help you. This works at once.", name=mandate.helper.name),
        ActionForm(),
    )


def _done(action, message: str, form=None):
    """Run a service for a submitted form and go back to the list, saying what happened."""
    if form is not None and not form.validate_on_submit():
        flash(_("The form has expired. Press the button again."), "error")
    else:
        try:
            action()
            db.session.commit()
            flash(message, "success")
        except services.NotPossibleNow as refused:
            flash(refused.message, "error")
    return redirect(url_for("mandates.overview"))
