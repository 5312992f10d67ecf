"""Every route says who may use it. An architecture test fails on a route that does not.

    @public            anyone, signed in or not
    @citizen_required  a signed-in citizen (others are sent to the login page)
    @staff_required(*roles)  signed-in staff; with roles, only those roles (others get 403)
Webhooks declare their own rule (a provider's signature), see notifications/webhooks.py.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app.models import Citizen, StaffUser

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
        if not is_citizen():
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    setattr(checked, ACCESS_ATTRIBUTE, "citizen")
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


def found_or_404(thing):
    """What a service looked up for the signed-in user, or 404: someone else's things are not found."""
    if thing is None:
        abort(404)
    return thing


def is_staff() -> bool:
    return current_user.is_authenticated and isinstance(current_user._get_current_object(), StaffUser)


def is_citizen() -> bool:
    return current_user.is_authenticated and isinstance(current_user._get_current_object(), Citizen)


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
