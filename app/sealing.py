"""Sealing: short secrets the database must hold for a while, but not in readable form.

A letter code waits days in the print queue; a CPR number typed on the login page waits seconds
for the worker. Both are sealed with Fernet (AES-128-CBC and HMAC-SHA256) under a key derived from
SECRET_KEY with HKDF, one key per purpose, so a copy of the database alone reveals neither. A new
SECRET_KEY makes what was sealed under the old one unreadable (`unseal` gives None).
"""

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def seal(text: str, purpose: str) -> str:
    return _fernet(current_app.config["SECRET_KEY"], purpose).encrypt(text.encode()).decode()


def unseal(token: str | None, purpose: str) -> str | None:
    """The sealed text, or None when there is none or it was sealed under another key."""
    if not token:
        return None
    try:
        return _fernet(current_app.config["SECRET_KEY"], purpose).decrypt(token.encode()).decode()
    except InvalidToken:
        return None


@lru_cache(maxsize=16)
def _fernet(secret_key: str, purpose: str) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"borgerportal-sealing", info=purpose.encode()
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))
