"""Domain errors and the friendly error pages (400, 403, 404, 429, 500, and 503 when the database
is down) in every language."""

from flask import Flask, Response, current_app, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from app.extensions import db


class DomainError(Exception):
    """A rule said no. `message` is a translatable text shown to the user."""

    message = _l("That could not be done.")

    def __init__(self, message=None):
        super().__init__(message or self.message)
        if message is not None:
            self.message = message


class NotAllowed(DomainError):
    message = _l("You do not have access to this.")


ERROR_PAGES = {
    400: (_l("Something was wrong with the request"), _l("Go back to the page you came from and try again.")),
    403: (
        _l("You do not have access to this page"),
        _l("If you think you should have access, contact your jobcenter."),
    ),
    404: (_l("Page not found"), _l("Check the address, or start again from the front page.")),
    413: (
        _l("The files are too large"),
        _l(
            "You can send at most 5 files of 10 MB each. Go back and choose smaller files, or take photos "
            "instead."
        ),
    ),
    429: (_l("Too many attempts"), _l("Wait a few minutes and try again.")),
    500: (
        _l("Something went wrong on our side"),
        _l("Nothing you did caused this. Try again in a few minutes."),
    ),
}
DATABASE_DOWN = (
    _l("Nothing was saved"),
    _l(
        "We cannot reach our database right now, so nothing you sent was saved. Try again in a few "
        "minutes. If it is urgent, call the jobcenter."
    ),
)
# What the database driver raises when the server is down, unreachable or out of connections.
DATABASE_UNREACHABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)
CSRF_EXPIRED = (
    _l("The form has expired"),
    _l("For your safety, forms expire. Go back, reload the page and send it again."),
)


def render_error(status: int, title=None, advice=None):
    default_title, default_advice = ERROR_PAGES.get(status, ERROR_PAGES[500])
    page = render_template(
        "errors/error.html",
        status=status,
        title=title or default_title,
        advice=advice or default_advice,
    )
    return page, status


def _handle_http(error: HTTPException):
    if request.path.startswith("/static/") or request.path == "/healthz":
        # Plain answers for browsers' asset requests and for monitoring.
        return Response(f"{error.code} {error.name}", error.code, mimetype="text/plain")
    return render_error(error.code or 500)


def _handle_csrf(error: CSRFError):
    return render_error(400, *CSRF_EXPIRED)


def _handle_not_allowed(error: NotAllowed):
    return render_error(403, advice=error.message)


def _handle_refused(error: DomainError):
    """A rule said no and the route had no page of its own for it: nothing of the request is
    kept (its unit of work is dropped), and the page says why in the reader's language."""
    db.session.rollback()
    return render_error(400, advice=error.message)


def _handle_unexpected(error: Exception):
    # The traceback goes to the log; the user gets a calm page in their language. A failed write
    # leaves the session unusable, and the page itself may need the database (the signed-in user).
    current_app.logger.exception("Unhandled error on %s", request.path)
    db.session.rollback()
    return render_error(500)


def _handle_database_down(error: Exception):
    """A page that needs no database: nobody's account is loaded for it (the header shows no name,
    no helper banner), and the language comes from ?lang=, the session or the browser."""
    # The type only: the driver's message can quote the statement and its values (a CPR number).
    # The SQLSTATE (e.g. 53300 too many connections, 57P01 shut down) tells an operator why.
    sqlstate = getattr(getattr(error, "orig", None), "sqlstate", None)
    current_app.logger.error(
        "Database unreachable on %s: %s (SQLSTATE %s)", request.path, type(error).__name__, sqlstate
    )
    g.database_down = True
    g._login_user = current_app.login_manager.anonymous_user()  # Flask-Login's user of this request
    g.pop("case", None)
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the next request starts a new one
        current_app.logger.warning("Rollback failed after losing the database")
    page, status = render_error(503, *DATABASE_DOWN)
    return page, status, {"Retry-After": "120"}


def register_error_handlers(app: Flask) -> None:
    for database_error in DATABASE_UNREACHABLE:
        app.register_error_handler(database_error, _handle_database_down)
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(NotAllowed, _handle_not_allowed)
    app.register_error_handler(DomainError, _handle_refused)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
