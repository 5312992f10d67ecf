"""Every route says who may use it. An architecture test fails on a route that does not.

    @public            anyone, signed in or not
    @citizen_required  a signed-in citizen (others are sent to the login page, helpers get 403)
    @case_access(*scopes)  a citizen's own case: the citizen, or a helper acting for them under a
                       live mandate with any of `scopes` (see app/cases.py)
    @helper_required   a signed-in helper (others are sent to the helper login page)
    @staff_required(*roles)  signed-in staff; with roles, only those roles (others get 403)
Webhooks declare their own rule (a provider's signature), see notifications/webhooks.py.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit import record_helper_view
from app.cases import chosen_mandate_id, helper_case, own_case, stop_acting
from app.errors import NotAllowed
from app.extensions import db
from app.models import Citizen, Helper, StaffUser
from app.models.types import utcnow
from app.rules.dates import danish_today

ACCESS_ATTRIBUTE = "access_rule"
# Roles that decide on a citizen's case (exemptions, decisions, plans). Front desk staff help
# citizens with access and confirmations but do not decide.
CASEWORKERS = ("caseworker", "manager", "admin")


def public(view: Callable) -> Callable:
    setattr(view, ACCESS_ATTRIBUTE, "public")
    return view


def citizen_required(view: Callable) -> Callable:
    @wraps(view)
    def checked(*args, **kwargs):
        if is_helper():
            abort(403)  # only the citizen: contact details, who may help them
        if not is_citizen():
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    setattr(checked, ACCESS_ATTRIBUTE, "citizen")
    return checked


def case_access(*scopes: str) -> Callable:
    """A page or action on a citizen's case. The citizen may always; a helper only while acting
    under a live mandate that grants any of `scopes` (refused with 403 otherwise)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args, **kwargs):
            if is_citizen():
                g.case = own_case(current_user._get_current_object())
            elif is_helper():
                refused = _enter_helper_case(scopes)
                if refused:
                    return refused
            else:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            response = view(*args, **kwargs)
            if is_helper() and request.method == "GET":
                # Here, once for every page of a case: a helper's page that forgot could not be
                # told apart in the citizen's list of who looked.
                record_helper_view(current_user, request.endpoint, g.case.citizen.id)
            return response

        setattr(checked, ACCESS_ATTRIBUTE, "case:" + ",".join(scopes))
        return checked

    return decorate


def _enter_helper_case(scopes: tuple[str, ...]):
    """Set g.case for the helper, or return where to send them instead."""
    had_chosen = chosen_mandate_id() is not None
    case = helper_case(current_user._get_current_object(), danish_today(utcnow()))
    if case is None:
        stop_acting()
        if had_chosen:
            flash(
                _("You can no longer help this person. The access has ended or has been taken back."), "error"
            )
        return redirect(url_for("mandates_helper.home"))
    g.case = case
    if not case.allows(*scopes):
        raise NotAllowed(
            _(
                "Your access as a helper does not include this. Ask %(name)s to do it, or to "
                "give you more access.",
                name=case.citizen.name,
            )
        )
    return None


def helper_required(view: Callable) -> Callable:
    @wraps(view)
    def checked(*args, **kwargs):
        if not is_helper():
            return redirect(url_for("mandates_helper.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    setattr(checked, ACCESS_ATTRIBUTE, "helper")
    return checked


def staff_required(*roles: str) -> Callable:
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args, **kwargs):
            if not is_staff():
                return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        setattr(checked, ACCESS_ATTRIBUTE, f"staff:{','.join(roles) or 'any role'}")
        return checked

    return decorate


def citizen_for(staff: StaffUser, citizen_id: int) -> Citizen:
    """The citizen, if they belong to the staff member's jobcenter; 404 otherwise (not 403,
    so other jobcenters cannot even learn that the id exists)."""
    citizen = db.session.get(Citizen, citizen_id)
    if citizen is None or citizen.jobcenter_id != staff.jobcenter_id:
        abort(404)
    return citizen


def on_own_jobcenter(staff: StaffUser, model, row_id: int):
    """The `model` row (a meeting, a mandate, a sickness report: anything with a `citizen`) if
    its citizen belongs to the staff member's jobcenter; 404 otherwise, as citizen_for."""
    row = db.session.get(model, row_id)
    if row is None or row.citizen.jobcenter_id != staff.jobcenter_id:
        abort(404)
    return row


def found_or_404(thing):
    """What a service looked up for the signed-in user, or 404: someone else's things are not found."""
    if thing is None:
        abort(404)
    return thing


def is_staff() -> bool:
    return current_user.is_authenticated and isinstance(current_user._get_current_object(), StaffUser)


def is_citizen() -> bool:
    return current_user.is_authenticated and isinstance(current_user._get_current_object(), Citizen)


def is_helper() -> bool:
    return current_user.is_authenticated and isinstance(current_user._get_current_object(), Helper)


def access_rule(view: Callable) -> str | None:
    return getattr(view, ACCESS_ATTRIBUTE, None)


def safe_next(target: str | None, default: str) -> str:
    """Only a local path may be a redirect target after login (no open redirects)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return default
    return target
