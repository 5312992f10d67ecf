"""Log in with MitID through an OpenID Connect broker (app/auth/mitid.py), beside the codes.

Citizens start at /log-ind/mitid, helpers at /hjaelper/log-ind/mitid; the broker sends both
back to one callback. A login ends exactly like a code login (start_session: a fresh session,
the page asked for before). Whatever goes wrong at the broker ends on a page that offers the
code login instead.
"""

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.access import public, safe_next
from app.auth import mitid, services
from app.auth.mitid import MitIDFailed
from app.auth.session_timeout import LOGIN_NEXT, start_session
from app.sealing import seal, unseal
from app.urls import external_url

bp = Blueprint("auth_mitid", __name__)

LOGIN_FOR = "mitid_for"  # "citizen" or "helper": whose login the broker is sending back
ID_TOKEN = "mitid_id_token"  # sealed: the broker's log-out wants it as a hint
ID_TOKEN_SEAL = "mitid-id-token"

PROBLEMS = {
    "cancelled": _l("You stopped the login with MitID."),
    "unreachable": _l("We cannot reach MitID right now. Try again in a few minutes."),
    "refused": _l("The login with MitID could not be finished. Try again."),
    "invalid_token": _l("The login with MitID could not be finished. Try again."),
    "low_assurance": _l(
        "This login needs MitID at the level %(level)s or higher. Try again with the MitID app or "
        "a MitID code display."
    ),
    "unknown": _l(
        "We could not log you in. If you are registered at a jobcenter, contact your jobcenter and "
        "ask them to check your registration."
    ),
}
# The NSIS levels by the names MitID shows people (in Danish: Lav, Betydelig, Høj).
LEVEL_NAMES = {"low": _l("Low"), "substantial": _l("Substantial"), "high": _l("High")}
STATUS = {"unreachable": 503, "unknown": 403, "low_assurance": 403}


@bp.get("/log-ind/mitid")
@public
def start():
    return _start("citizen")


@bp.get("/hjaelper/log-ind/mitid")
@public
def start_helper():
    return _start("helper")


def _start(login_for: str):
    if not mitid.is_configured():
        return redirect(_code_login(login_for))
    session[LOGIN_FOR], session[LOGIN_NEXT] = login_for, request.args.get("next")
    callback = external_url("auth_mitid.callback")
    try:
        return mitid.redirect_to_broker(callback, str(get_locale()))
    except mitid.broker_errors() as error:
        return _problem("unreachable", login_for, error)


@bp.get("/log-ind/mitid/svar")
@public
def callback():
    login_for = session.get(LOGIN_FOR, "citizen")
    if not mitid.is_configured():
        return redirect(_code_login(login_for))
    try:
        identity = mitid.identity_from_callback()
    except MitIDFailed as failed:
        return _problem(failed.reason, login_for, failed.__cause__)
    except mitid.broker_errors() as error:
        return _problem("refused", login_for, error)
    if login_for == "helper":
        return _helper_logged_in(identity)
    return _citizen_logged_in(identity)


def _citizen_logged_in(identity: mitid.MitIDIdentity):
    citizen = services.log_in_with_mitid(identity.cpr)
    if citizen is None:
        return _problem("unknown", "citizen")
    next_page = start_session(citizen)
    session[ID_TOKEN] = seal(identity.id_token, ID_TOKEN_SEAL)
    return redirect(safe_next(next_page, url_for("account.overview")))


def _helper_logged_in(identity: mitid.MitIDIdentity):
    """A helper whose MitID is linked is logged in. Otherwise the helper logs in once with the
    code to their phone, which links this MitID identity to that account (mandates_helper.enter_code)."""
    if identity.cpr is None:
        return _problem("unknown", "helper")
    key = services.mitid_key(identity.cpr)
    helper = services.helper_with_mitid(key)
    if helper is None:
        mitid.remember_helper_link(key)
        flash(
            _(
                "Log in once with your mobile number and the code we send you. After that, MitID "
                "logs you in as a helper."
            )
        )
        return redirect(url_for("mandates_helper.login", next=session.get(LOGIN_NEXT)))
    services.log_in_helper_with_mitid(helper)
    next_page = safe_next(start_session(helper), url_for("mandates_helper.home"))
    session[ID_TOKEN] = seal(identity.id_token, ID_TOKEN_SEAL)
    if not helper.name:
        return redirect(url_for("mandates_helper.your_name", next=next_page))
    return redirect(next_page)


def broker_logout_url() -> str | None:
    """Where the broker ends its own session after ours ended, when this session began with
    MitID and the broker supports RP-initiated log-out. Read before the session is cleared."""
    id_token = unseal(session.get(ID_TOKEN), ID_TOKEN_SEAL)
    if not id_token or not mitid.is_configured():
        return None
    back_to = external_url("public.landing")
    return mitid.logout_url(id_token, back_to)


def _code_login(login_for: str) -> str:
    endpoint = "mandates_helper.login" if login_for == "helper" else "auth.login"
    return url_for(endpoint, next=session.get(LOGIN_NEXT))


def _problem(reason: str, login_for: str, error: BaseException | None = None):
    # The reason word and the error's class only: a broker's message may quote a token or code.
    current_app.logger.warning("MitID login failed: %s (%s)", reason, type(error).__name__ if error else "-")
    page = render_template(
        "auth/mitid_problem.html",
        problem=PROBLEMS[reason] % {"level": LEVEL_NAMES[current_app.config["MITID_OIDC_MIN_LOA"]]},
        unknown=reason == "unknown",
        code_login=_code_login(login_for),
        helper=login_for == "helper",
    )
    return page, STATUS.get(reason, 400)
