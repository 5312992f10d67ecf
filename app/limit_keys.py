"""Keys of the rate limits: what each limit protects, never in clear. A CPR number, a phone
number or an address becomes a keyed hash, so a stolen Redis or counter table says nothing about
who asked, and the same value gives the same key in every process."""

import hashlib
import hmac

from flask import current_app, request
from flask_login import current_user


def hashed(kind: str, value: str) -> str:
    """`kind:` and a keyed hash of `value`: the same value gives the same key in every process."""
    secret = hashlib.sha256(b"borgerportal rate limit:" + current_app.config["SECRET_KEY"].encode()).digest()
    return f"{kind}:{hmac.new(secret, value.encode(), 'sha256').hexdigest()[:32]}"


def client_address() -> str:
    """The client's address as the trusted proxies report it (ProxyFix), hashed."""
    return hashed("ip", request.remote_addr or "unknown")


def signed_in_user_or_address() -> str:
    """Flask-Limiter's key: the signed-in user (many citizens share a carrier's or a proxy's
    address), else the client's address."""
    if current_user.is_authenticated:
        return hashed("user", current_user.get_id())
    return client_address()
