from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import case_access, citizen_required
from app.account import labels, services
from app.account.forms import EmailForm, PhoneForm, PreferencesForm
from app.account.todo import to_do
from app.auth.code_entry import browser_token, use_submitted_code
from app.auth.forms import CodeForm
from app.cases import case_citizen, current_case
from app.extensions import db, limiter
from app.forms import ActionForm
from app.models.types import utcnow
from app.paging import page_number
from app.rate_limits import sms_per_number_per_day, spend_or_explain
from app.rules.mandates import SCOPES, VIEW
from app.rules.privacy import PrivacySettings
from app.slots import FRONT_PAGE, plugged

bp = Blueprint("account", __name__, url_prefix="/min-side")


@bp.get("/")
@case_access(*SCOPES)
def overview():
    """The front page: the cards the features plug in (app/slots.py); each shows only when the
    viewer may use it (a helper's scopes). Its one button takes the CSRF token as base.html's do,
    not from a form object: building an empty form made 5 % of the page's Python calls."""
    now, citizen, case = utcnow(), case_citizen(), current_case()
    cards = {card.name: card.build(citizen, now) for card in plugged(FRONT_PAGE)}
    return render_template(
        "account/overview.html",
        citizen=citizen,
        **cards,
        to_do=to_do(cards, case),
        labels=labels,
        helped=services.recent_helper_actions(citizen, now),
    )


@bp.get("/beskeder")
@case_access(VIEW)
def messages():
    journal = services.journal_for(case_citizen(), page_number())
    return render_template("account/messages.html", journal=journal, labels=labels)


@bp.get("/opslag")
@case_access(VIEW)
def lookups():
    """Who has looked at the case: staff and helpers, newest first."""
    citizen = case_citizen()
    policy = PrivacySettings.from_settings(citizen.jobcenter.settings)
    return render_template(
        "account/lookups.html",
        lookups=services.lookups_for(citizen, page_number()),
        names_shown=policy.staff_names_in_lookups,
        labels=labels,
    )


@bp.get("/aktivitet")
@case_access(VIEW)
def activity():
    return render_template(
        "account/activity.html",
        events=services.activity_for(case_citizen()),
        labels=labels,
        action_form=ActionForm(),
    )


@bp.get("/kontakt")
@citizen_required
def contact():
    return _contact_page(PhoneForm(prefix="phone"), EmailForm(prefix="email"))


def _contact_page(phone_form, email_form, status=200, preferences_form=None):
    page = render_template(
        "account/contact.html",
        citizen=current_user,
        phone_form=phone_form,
        email_form=email_form,
        preferences_form=preferences_form or _preferences_form(formdata=None),
    )
    return page, status


def _preferences_form(**kwargs) -> PreferencesForm:
    chosen = services.preferences_of(current_user)
    form = PreferencesForm(
        prefix="prefs",
        data={
            "message_language": chosen.message_language,
            "first_channel": chosen.first_channel if chosen.first_channel in ("sms", "email") else "sms",
            "sms": "on" if chosen.sms else "off",
        },
        **kwargs,
    )
    form.citizen_email_verified = bool(current_user.email and current_user.email_verified_at)
    return form


@bp.post("/kontakt/valg")
@citizen_required
def change_preferences():
    form = _preferences_form()
    if not form.validate_on_submit():
        return _contact_page(PhoneForm(prefix="phone"), EmailForm(prefix="email"), 422, form)
    chosen = services.Preferences(form.message_language.data, form.first_channel.data, form.sms.data == "on")
    services.save_preferences(current_user, chosen, utcnow())
    db.session.commit()
    flash(_("Your choices are saved."), "success")
    return redirect(url_for("account.contact"))


@bp.post("/kontakt/telefon")
@citizen_required
@limiter.limit("10 per hour")
def change_phone():
    form = PhoneForm(prefix="phone")
    if not form.validate_on_submit():
        return _contact_page(form, EmailForm(prefix="email"), 422)
    if not spend_or_explain(form.phone, (sms_per_number_per_day(), "phone", form.phone.data)):
        return _contact_page(form, EmailForm(prefix="email"), 429)
    services.start_contact_change(current_user, "sms", form.phone.data, browser_token(), utcnow())
    db.session.commit()
    return redirect(url_for("account.confirm_contact"))


@bp.post("/kontakt/email")
@citizen_required
@limiter.limit("10 per hour")
def change_email():
    form = EmailForm(prefix="email")
    if not form.validate_on_submit():
        return _contact_page(PhoneForm(prefix="phone"), form, 422)
    services.start_contact_change(current_user, "email", form.email.data, browser_token(), utcnow())
    db.session.commit()
    return redirect(url_for("account.confirm_contact"))


@bp.route("/kontakt/bekraeft", methods=["GET", "POST"])
@citizen_required
def confirm_contact():
    form = CodeForm()
    channel, paused = use_submitted_code(
        form, lambda code: services.confirm_contact_change(current_user, browser_token(), code, utcnow())
    )
    if paused:
        return paused
    if channel:
        db.session.commit()
        flash(_("Your contact details are saved."), "success")
        return redirect(url_for("account.contact"))
    return render_template("account/confirm_contact.html", form=form), 422 if form.errors else 200
