"""Values a login keeps in the cookie between its two pages (the CPR number typed, the helper's
phone), encrypted: Flask's cookie is signed, not secret, and anyone holding it could read them."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

PENDING_LOGIN_SECONDS = 60 * 60  # a login left half done for an hour starts again


def _fernet() -> Fernet:
    # Its own key, derived from SECRET_KEY, so the cookie's signing key never encrypts anything.
    digest = hashlib.sha256(
        b"borgerportal pending login:" + current_app.config["SECRET_KEY"].encode()
    ).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def unseal(token) -> str | None:
    """The value sealed in `token`, or None when it is missing, forged or too old."""
    if not isinstance(token, str) or not token:
        return None
    try:
        return _fernet().decrypt(token.encode(), ttl=PENDING_LOGIN_SECONDS).decode()
    except InvalidToken:
        return None
