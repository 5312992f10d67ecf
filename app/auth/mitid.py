"""MitID through an OpenID Connect broker, with Authlib's Flask client.

Authorization code flow with PKCE (S256); Authlib keeps `state`, `nonce` and the code verifier
in the session between the two legs, checks `state`, and validates the ID token's signature
against the broker's JWKS and its issuer, audience, expiry and nonce. This module adds what is
ours: which claim carries the CPR number, and the level of assurance the portal demands.

The claim names and the minimum level are settings (config.py, README "MitID").

Authlib, joserfc and requests are imported when a MitID login starts, not with this module: they
cost ~0.14 CPU s in every process that builds the app, and most processes never see such a login.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, current_app, session

from app.auth import sealed
from app.rules.cpr import normalise

EXTENSION = "mitid_oauth"
CLIENT = "mitid"
DISCOVERY = "/.well-known/openid-configuration"
# NSIS levels (what MitID and NemLog-in report), lowest first.
LEVELS = ("low", "substantial", "high")
ID_TOKEN_LEEWAY_SECONDS = 60  # clock difference allowed between the broker and us
PENDING_HELPER_LINK = "mitid_helper_link"  # sealed key of a MitID identity to link after a code


class MitIDFailed(Exception):
    """The broker did not give us a valid login. `reason` is a fixed word for the log and the
    page (never anything the broker or the browser sent)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def broker_errors() -> tuple[type[Exception], ...]:
    """What Authlib, joserfc and requests raise when a broker answer is refused or never comes."""
    import requests
    from authlib.integrations.flask_client import OAuthError
    from joserfc.errors import JoseError

    return (OAuthError, JoseError, requests.RequestException, ValueError, KeyError, RuntimeError)


@dataclass(frozen=True)
class MitIDIdentity:
    cpr: str | None  # None: the identity has no (valid) CPR number
    id_token: str  # kept sealed for the broker's log-out (id_token_hint)


def is_configured(app: Flask | None = None) -> bool:
    config = (app or current_app).config
    return all(
        config.get(key) for key in ("MITID_OIDC_ISSUER", "MITID_OIDC_CLIENT_ID", "MITID_OIDC_CLIENT_SECRET")
    )


def broker_origin(app: Flask) -> str:
    """The broker's scheme, host and port ("https://broker.example"), for the CSP."""
    parts = urlsplit(app.config["MITID_OIDC_ISSUER"])
    return f"{parts.scheme}://{parts.netloc}"


def init_app(app: Flask) -> None:
    """Check the settings now; the broker's client is made at the first login (`client`)."""
    if is_configured(app) and app.config["MITID_OIDC_MIN_LOA"] not in LEVELS:
        # a typo must not let every level in
        raise RuntimeError(f"MITID_OIDC_MIN_LOA must be one of {', '.join(LEVELS)}")


def client():
    registry = current_app.extensions.get(EXTENSION)
    if registry is None:  # the first login in this process; of two at once, one registry wins
        app = current_app._get_current_object()
        registry = app.extensions.setdefault(EXTENSION, _registry(app))
    return registry.create_client(CLIENT)


def _registry(app: Flask):
    """One Authlib registry per app: Authlib caches a client (and the broker's metadata and
    keys) per registry, and each app may point at another broker."""
    from authlib.integrations.flask_client import OAuth

    oauth = OAuth(app)
    oauth.register(
        CLIENT,
        client_id=app.config["MITID_OIDC_CLIENT_ID"],
        client_secret=app.config["MITID_OIDC_CLIENT_SECRET"],
        server_metadata_url=app.config["MITID_OIDC_ISSUER"] + DISCOVERY,
        client_kwargs={
            "scope": app.config["MITID_OIDC_SCOPE"],
            "code_challenge_method": "S256",
            "default_timeout": app.config["MITID_OIDC_TIMEOUT_SECONDS"],
        },
    )
    return oauth


def redirect_to_broker(callback_url: str, language: str):
    """The redirect that starts a login at the broker (raises one of broker_errors() when the
    broker cannot be reached)."""
    return client().authorize_redirect(callback_url, ui_locales=language)


def identity_from_callback() -> MitIDIdentity:
    """Finish the login the broker sent the browser back from. Raises MitIDFailed."""
    import requests
    from authlib.integrations.flask_client import OAuthError
    from joserfc.errors import JoseError

    try:
        token = client().authorize_access_token(leeway=ID_TOKEN_LEEWAY_SECONDS)
    except OAuthError as error:
        raise MitIDFailed("cancelled" if error.error == "access_denied" else "refused") from error
    except JoseError as error:
        raise MitIDFailed("invalid_token") from error
    except requests.RequestException as error:
        raise MitIDFailed("unreachable") from error
    claims = token.get("userinfo")
    if not claims:  # no ID token, or a flow without a nonce: never trust the access token alone
        raise MitIDFailed("invalid_token")
    return _identity(claims, token["id_token"])


def _identity(claims, id_token: str) -> MitIDIdentity:
    config = current_app.config
    if not meets_level(claims.get(config["MITID_OIDC_LOA_CLAIM"]), config["MITID_OIDC_MIN_LOA"]):
        raise MitIDFailed("low_assurance")
    raw_cpr = claims.get(config["MITID_OIDC_CPR_CLAIM"])
    return MitIDIdentity(normalise(str(raw_cpr)) if raw_cpr else None, id_token)


def level_of(value) -> int | None:
    """The NSIS level a claim value names: "Substantial", "SUBSTANTIAL" or the full
    "https://data.gov.dk/concept/core/nsis/Substantial" all count; anything else is None."""
    if not isinstance(value, str):
        return None
    word = value.replace(":", "/").rstrip("/").rsplit("/", 1)[-1].strip().lower()
    return LEVELS.index(word) if word in LEVELS else None


def meets_level(value, minimum: str) -> bool:
    """A missing or unknown level counts as too low."""
    level = level_of(value)
    return level is not None and level >= LEVELS.index(minimum)


def logout_url(id_token: str, back_to: str) -> str | None:
    """Where to send the browser so the broker ends its session too (RP-initiated log-out), or
    None when the broker does not offer it or cannot be reached."""
    try:
        return client().create_logout_url(post_logout_redirect_uri=back_to, id_token_hint=id_token)["url"]
    except broker_errors():
        return None


def remember_helper_link(key: str) -> None:
    """A helper came from MitID with an identity no account has yet: their next code login
    links it (for an hour, sealed: the cookie is signed, not secret)."""
    session[PENDING_HELPER_LINK] = sealed.seal(key)


def take_pending_helper_link() -> str | None:
    """The MitID identity a helper's code login should link to their account, if they came from
    MitID (read before start_session clears the session)."""
    return sealed.unseal(session.pop(PENDING_HELPER_LINK, None))
