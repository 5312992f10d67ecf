"""Starting a jobcenter without demo data, and a staff member's own password.

A new staff member never gets a password from someone else: they get a link to set their own.
The link is signed (itsdangerous), expires after LINK_LIFETIME, and works once: it carries a
fingerprint of the password hash it was made for, so once a password is set, every earlier link
for that person stops working.
"""

import hashlib
import re
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from app import audit
from app.audit import Actor
from app.auth.services import hash_password
from app.errors import DomainError
from app.extensions import db
from app.models import Jobcenter, StaffUser
from app.urls import external_url

SALT = "staff-set-password"
LINK_LIFETIME = timedelta(days=3)
JOBCENTER_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")  # the key used in CSV imports
MIN_PASSWORD_LENGTH = 12


class OnboardingError(DomainError):
    """Why a jobcenter or staff member cannot be added (a sentence for the operator)."""


class EmailTaken(OnboardingError):
    message = _l("Someone already uses that e-mail.")


class LinkUnusable(DomainError):
    """The set-password link is forged, expired, already used, or its user is deactivated."""


def add_jobcenter(code: str, name: str, *, phone: str, email: str, address: str = "") -> Jobcenter:
    """Create a jobcenter (the tenant). Raises OnboardingError for a bad or used code."""
    code = code.strip().lower()
    if not JOBCENTER_CODE.match(code):
        raise OnboardingError("The code must be 2-40 lower-case letters, digits or '-', e.g. 'koebenhavn'.")
    if db.session.scalar(select(Jobcenter.id).where(Jobcenter.code == code)):
        raise OnboardingError(f"A jobcenter with the code {code!r} exists already.")
    jobcenter = Jobcenter(
        code=code, name=name.strip(), phone=phone.strip(), email=email.strip(), address=address
    )
    db.session.add(jobcenter)
    db.session.flush()
    audit.record_by(Actor.system("command line"), "jobcenter.created", obj=jobcenter)
    return jobcenter


def jobcenter_with_code(code: str) -> Jobcenter | None:
    return db.session.scalar(select(Jobcenter).where(Jobcenter.code == code.strip().lower()))


def staff_with_email(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))


def add_staff(
    jobcenter: Jobcenter, creator: Actor, *, name: str, email: str, phone: str | None, role: str
) -> StaffUser:
    """Create a staff member without a password (they set their own with set_password_link)."""
    if db.session.scalar(select(StaffUser.id).where(StaffUser.email == email)):
        raise EmailTaken()
    user = StaffUser(jobcenter_id=jobcenter.id, name=name, email=email, phone=phone or None, role=role)
    db.session.add(user)
    db.session.flush()
    audit.record_by(creator, "staff.created", obj=user, role=role)
    return user


def set_password_link(user: StaffUser) -> str:
    """The one-time link for `user` to set a password, for the admin to hand over."""
    return external_url("staff.password_link_opened", password_token=password_token(user))


def password_token(user: StaffUser) -> str:
    return _serializer().dumps({"staff": user.id, "for": _fingerprint(user)})


def user_for_token(token: str) -> StaffUser:
    """The active staff member the token was made for, while it is unused and fresh."""
    try:
        payload = _serializer().loads(token, max_age=LINK_LIFETIME.total_seconds())
        user = db.session.get(StaffUser, int(payload["staff"]))
    except (BadSignature, SignatureExpired, KeyError, TypeError, ValueError):
        raise LinkUnusable() from None
    if user is None or not user.active or payload.get("for") != _fingerprint(user):
        raise LinkUnusable()
    return user


def set_password(token: str, password: str) -> StaffUser:
    """Give the token's staff member this password; every link made before stops working."""
    user = user_for_token(token)
    user.password_hash = hash_password(password)
    user.wrong_passwords, user.password_paused_until = 0, None  # a new password ends a pause
    audit.record_by(Actor.of_staff(user), "staff.password_set", obj=user)
    return user


def _fingerprint(user: StaffUser) -> str:
    """Changes whenever the password does: a used link no longer matches."""
    return hashlib.sha256((user.password_hash or "no password yet").encode()).hexdigest()[:16]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)
