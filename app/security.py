"""Security headers on every response: CSP with a per-request nonce, and friends."""

import secrets

from flask import Flask, request
from flask_login import current_user

from app import slots
from app.errors import render_error


def csp_nonce() -> str:
    """One nonce per request, for the few inline scripts a page may carry."""
    environ = request.environ
    if "borgerportal.csp_nonce" not in environ:
        environ["borgerportal.csp_nonce"] = secrets.token_urlsafe(16)
    return environ["borgerportal.csp_nonce"]


def _content_security_policy() -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{csp_nonce()}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            " ".join(["form-action 'self'", *slots.plugged(slots.FORM_TARGETS)]),
            "frame-ancestors 'none'",
        ]
    )


def set_security_headers(response, hsts: bool):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", _content_security_policy())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["Permissions-Policy"] = "camera=(self), geolocation=(), microphone=()"
    if hsts:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if _is_private(response):
        # Signed-in pages must not be kept by the browser or a shared computer's cache.
        headers["Cache-Control"] = "no-store"
    return response


def _is_private(response) -> bool:
    if request.endpoint == "static":
        return False
    return getattr(current_user, "is_authenticated", False) or response.status_code >= 400


def refuse_null_characters():
    """Nobody types U+0000, and PostgreSQL cannot store it in text: refuse such a request with
    the translated 400 page before anything reads it, instead of failing halfway through a write."""
    values = [*request.args.values(), *request.form.values()]
    if any("\x00" in value for value in values):
        return render_error(400)
    return None


def register_security(app: Flask) -> None:
    hsts = app.config["HSTS"]
    app.before_request(refuse_null_characters)
    app.after_request(lambda response: set_security_headers(response, hsts))
    app.jinja_env.globals["csp_nonce"] = csp_nonce
