from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user

from app.access import citizen_for, public, safe_next, staff_required
from app.account import labels
from app.account.services import activity_for, journal_for
from app.audit import Actor, record_lookup
from app.auth import services as auth
from app.auth.code_entry import browser_token, use_submitted_code
from app.auth.forms import CodeForm
from app.auth.session_timeout import LOGIN_NEXT, start_session
from app.extensions import db, limiter
from app.forms import ActionForm
from app.letters.render import letter_pdf_response
from app.models.types import utcnow
from app.paging import page_number
from app.slots import STAFF_PANEL, plugged
from app.staff import onboarding, passwords, services
from app.staff.forms import (
    ContactForm,
    NewStaffForm,
    RoleForm,
    SearchForm,
    SendCodeForm,
    SetPasswordForm,
    StaffLoginForm,
)

bp = Blueprint("staff", __name__, url_prefix="/medarbejder")

PENDING_STAFF = "login_staff_id"
SEARCH_RESULTS = "staff_search"  # the ids the last search found and what it was by; not the query


@bp.route("/log-ind", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"])
def login():
    form = StaffLoginForm()
    if form.validate_on_submit():
        try:
            user = passwords.staff_with_password(form.email.data, form.password.data, utcnow())
        except passwords.PasswordsPaused as paused:
            form.password.errors.append(_paused_text(paused.until))
            return render_template("staff/login.html", form=form), 429
        if user:
            auth.send_staff_login_code(user, browser_token(), utcnow())
            db.session.commit()
            session[PENDING_STAFF], session[LOGIN_NEXT] = user.id, request.args.get("next")
            return redirect(url_for("staff.enter_code"))
        form.password.errors.append(_("The e-mail or password is wrong."))
    return render_template("staff/login.html", form=form), 422 if form.errors else 200


def _paused_text(until) -> str:
    return _(
        "Too many wrong passwords. You can try again at %(time)s, or ask an administrator.",
        time=format_time(until, "short"),
    )


@bp.route("/log-ind/kode", methods=["GET", "POST"])
@public
@limiter.limit("60 per hour", methods=["POST"])
def enter_code():
    if not session.get(PENDING_STAFF):
        return redirect(url_for("staff.login"))
    form = CodeForm()
    browser = browser_token()
    user, paused = use_submitted_code(
        form, lambda code: auth.log_in_staff_with_code(session[PENDING_STAFF], browser, code, utcnow())
    )
    if paused:
        return paused
    if user:
        return redirect(safe_next(start_session(user), url_for("staff.search")))
    return render_template("staff/code.html", form=form), 422 if form.errors else 200


@bp.route("/", methods=["GET", "POST"])
@staff_required()
def search():
    """The search is a POST, and its results are shown on their own page (post, redirect, get):
    no CPR number in a URL, a log or the history, and the back button shows the results again."""
    form = SearchForm()
    if form.validate_on_submit():
        found = services.search_citizens(current_user, form.q.data)
        session[SEARCH_RESULTS] = {"ids": [c.id for c in found], "by": services.query_kind(form.q.data)}
        return redirect(url_for("staff.search_results"), 303)
    return render_template("staff/search.html", form=form, found=None), 422 if form.errors else 200


@bp.get("/soegeresultat")
@staff_required()
def search_results():
    """The citizens the staff member's last search found (ids in the session, never the query)."""
    results = session.get(SEARCH_RESULTS)
    if not isinstance(results, dict):
        return redirect(url_for("staff.search"))
    found = services.citizens_by_ids(current_user, results.get("ids", []))
    page = render_template("staff/search.html", form=SearchForm(formdata=None), found=found)
    record_lookup(current_user, "search_results", found, by=results.get("by", ""))
    return page


@bp.get("/borger/<int:citizen_id>")
@staff_required()
def citizen(citizen_id: int):
    """The overview a member of staff opens for one citizen: the facts, what needs attention and
    short lists, with links to the sub-pages that hold the forms (each a page of its own, so the
    overview stays small enough to load at once on a busy desk)."""
    citizen = citizen_for(current_user, citizen_id)
    now = utcnow()
    page = render_template(
        "staff/citizen.html",
        citizen=citizen,
        now=now,
        **{panel.name: panel.build(citizen, now) for panel in plugged(STAFF_PANEL)},
        login_paused_until=auth.paused_until(citizen, now),
        latest_messages=journal_for(citizen, 1).items[:LATEST_MESSAGES],
        events=activity_for(citizen),
        labels=labels,
        action_form=ActionForm(),
    )
    record_lookup(current_user, "citizen_page", citizen)
    return page


LATEST_MESSAGES = 5  # on the overview; every message is on the journal page


@bp.get("/borger/<int:citizen_id>/beskeder")
@staff_required()
def journal(citizen_id: int):
    """Every message to and from the citizen, a page at a time."""
    citizen = citizen_for(current_user, citizen_id)
    page = render_template(
        "staff/journal.html", citizen=citizen, journal=journal_for(citizen, page_number()), labels=labels
    )
    record_lookup(current_user, "citizen_messages", citizen)
    return page


def citizen_form_page(template: str, lookup: str, citizen, status: int, **context):
    """A sub-page of the citizen with a form: it names the citizen and shows some of their data,
    so opening it is a look-up like the overview."""
    page = render_template(template, citizen=citizen, action_form=ActionForm(), labels=labels, **context)
    record_lookup(current_user, lookup, citizen)
    return page, status


@bp.route("/borger/<int:citizen_id>/send-kode", methods=["GET", "POST"])
@staff_required()
def send_code(citizen_id: int):
    """Help the citizen log in: a new code, a letter with a code, unlocking, logging out."""
    citizen = citizen_for(current_user, citizen_id)
    form = SendCodeForm()
    if form.validate_on_submit():
        if services.send_code(current_user, citizen, form.channel.data, utcnow()):
            db.session.commit()
            flash(_("A new code is on its way to the citizen."), "success")
            return redirect(url_for("staff.citizen", citizen_id=citizen.id))
        form.channel.errors.append(_("The citizen has no verified address for that. Update it below."))
    return citizen_form_page(
        "staff/login_help.html",
        "login_help",
        citizen,
        422 if form.errors else 200,
        form=form,
        login_paused_until=auth.paused_until(citizen, utcnow()),
    )


@bp.post("/borger/<int:citizen_id>/laas-op")
@staff_required()
def unlock(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    if ActionForm().validate_on_submit():
        services.unlock(current_user, citizen, utcnow())
        db.session.commit()
        flash(_("The login is unlocked. The citizen can log in again now."), "success")
    return redirect(url_for("staff.citizen", citizen_id=citizen.id))


@bp.post("/borger/<int:citizen_id>/log-ud-overalt")
@staff_required()
def log_out_everywhere(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    if ActionForm().validate_on_submit():
        services.log_out_everywhere(current_user, citizen, utcnow())
        db.session.commit()
        flash(_("The citizen is logged out on every device."), "success")
    return redirect(url_for("staff.citizen", citizen_id=citizen.id))


@bp.post("/borger/<int:citizen_id>/kodebrev")
@staff_required()
def code_letter(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    if ActionForm().validate_on_submit():
        services.print_code_letter(current_user, citizen, utcnow())
        db.session.commit()
        flash(_("The letter is in the print queue."), "success")
        return redirect(url_for("staff.print_queue"))
    return redirect(url_for("staff.citizen", citizen_id=citizen.id))


@bp.route("/borger/<int:citizen_id>/kontakt", methods=["GET", "POST"])
@staff_required()
def change_contact(citizen_id: int):
    citizen = citizen_for(current_user, citizen_id)
    # The details on file to start from; what was typed replaces them (also when it is empty).
    form = ContactForm(prefix="contact", phone=citizen.phone or "", email=citizen.email or "")
    if form.validate_on_submit():
        services.change_contact(
            current_user,
            citizen,
            phone=form.phone.data or None,
            email=form.email.data or None,
            id_seen=form.id_seen.data,
            now=utcnow(),
        )
        db.session.commit()
        flash(_("The contact details are saved. The citizen has been told."), "success")
        return redirect(url_for("staff.citizen", citizen_id=citizen.id))
    return citizen_form_page(
        "staff/contact.html", "contact_form", citizen, 422 if form.errors else 200, form=form
    )


@bp.get("/udskrifter")
@staff_required()
def print_queue():
    letters = services.print_queue(current_user)
    page = render_template("staff/print_queue.html", letters=letters, action_form=ActionForm())
    record_lookup(current_user, "print_queue", [letter.citizen_id for letter in letters])
    return page


@bp.get("/udskrifter/<int:message_id>.pdf")
@staff_required()
def print_letter(message_id: int):
    letter = services.letter_to_print(current_user, message_id)
    db.session.commit()
    return letter_pdf_response(letter, code=auth.letter_code(letter))


@bp.post("/udskrifter/<int:message_id>/sendt")
@staff_required()
def mark_sent(message_id: int):
    letter = services.letter_for(current_user, message_id)
    if ActionForm().validate_on_submit():
        services.mark_letter_sent(current_user, letter, utcnow())
        db.session.commit()
        flash(_("Marked as posted."), "success")
    return redirect(url_for("staff.print_queue"))


@bp.route("/medarbejdere", methods=["GET", "POST"])
@staff_required("admin")
def staff_list():
    form = NewStaffForm()
    if form.validate_on_submit():
        try:
            user = services.create_staff(
                current_user,
                name=form.name.data,
                email=form.email.data,
                phone=form.phone.data,
                role=form.role.data,
            )
            db.session.commit()
        except services.EmailTaken as taken:
            form.email.errors.append(taken.message)
        else:  # the link is shown once, on this answer: it is never stored nor put in a URL
            return staff_list_page(new_link=(user, onboarding.set_password_link(user)))
    return staff_list_page(form, status=422 if form.errors else 200)


def staff_list_page(form=None, status=200, new_link=None):
    page = render_template(
        "staff/staff_list.html",
        form=form or NewStaffForm(formdata=None),
        staff=services.staff_of(current_user),
        role_form=RoleForm(),
        action_form=ActionForm(),
        new_link=new_link,
    )
    return page, status


@bp.post("/medarbejdere/<int:user_id>/adgangskode-link")
@staff_required("admin")
def password_link(user_id: int):
    user = services.colleague(current_user, user_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("staff.staff_list"))
    link = services.new_password_link(current_user, user)
    db.session.commit()
    return staff_list_page(new_link=(user, link))


@bp.post("/medarbejdere/<int:user_id>/deaktiver")
@staff_required("admin")
def deactivate(user_id: int):
    user = services.colleague(current_user, user_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("staff.staff_list"))
    try:
        services.deactivate(Actor.of_staff(current_user), user, utcnow())
        db.session.commit()
    except services.CannotDeactivateSelf as refused:
        flash(refused.message, "error")
    else:
        flash(_("%(name)s can no longer log in and has been logged out.", name=user.name), "success")
    return redirect(url_for("staff.staff_list"))


@bp.post("/medarbejdere/<int:user_id>/rolle")
@staff_required("admin")
def change_role(user_id: int):
    user = services.colleague(current_user, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        services.set_role(current_user, user, form.role.data)
        db.session.commit()
        flash(_("The role is changed."), "success")
    return redirect(url_for("staff.staff_list"))


PASSWORD_TOKEN = "set_password_token"


@bp.get("/adgangskode/<password_token>")
@public
def password_link_opened(password_token: str):
    """Keep the token in the session and go on to an address without it, so it stays out of the
    browser's history and any Referer header."""
    try:
        onboarding.user_for_token(password_token)
    except onboarding.LinkUnusable:
        return render_template("staff/password_link_unusable.html"), 410
    session[PASSWORD_TOKEN] = password_token
    return redirect(url_for("staff.set_password", lang=request.args.get("lang")))  # None: left out


@bp.route("/adgangskode", methods=["GET", "POST"])
@public
def set_password():
    token = session.get(PASSWORD_TOKEN)
    if not token:  # nobody gets here without opening a link first
        return redirect(url_for("staff.login"))
    try:
        user = onboarding.user_for_token(token)
    except onboarding.LinkUnusable:
        session.pop(PASSWORD_TOKEN, None)
        return render_template("staff/password_link_unusable.html"), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        onboarding.set_password(token, form.password.data)
        db.session.commit()
        session.pop(PASSWORD_TOKEN, None)
        flash(_("Your password is saved. Log in with your e-mail and the new password."), "success")
        return redirect(url_for("staff.login"))
    page = render_template("staff/set_password.html", form=form, user=user)
    return page, 422 if form.errors else 200
