"""JSON lines on stdout: one per request, one per worker job, and whatever else is logged.

A request's line has its id (X-Request-ID, taken from the proxy when it sends a sane one), the
kind and id of the signed-in user, their jobcenter, the route, status and duration. Never a
CPR number, code, token or message text: the path is logged with every signed-link token
(`/j/<token>`, `/h/<invitation_token>`, `/medarbejder/adgangskode/<password_token>`) replaced,
the query string is never logged, and a path no route matched keeps only its first segment.
"""

import logging
import re
import time
import uuid

from flask import Flask, g, has_request_context, request, session
from flask.logging import default_handler
from flask_login import current_user
from werkzeug.wsgi import ClosingIterator

from app.operations import metrics
from jsonlog import FIELDS, JsonFormatter, StdoutHandler, first_segment_only

log = logging.getLogger("borgerportal.request")
REQUEST_ID = "borgerportal.request_id"  # WSGI environ keys; gunicorn's access log reads them too
DESCRIPTION = "borgerportal.request"
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
REDACTED = "[redacted]"
# Libraries that log each step at INFO: fontTools writes about a hundred lines for every PDF it
# subsets a font into (a letter, a plan, a copy of all data), which would bury the portal's own.
# Alembic names each of its plugins when it is imported, which happens after this is set up (only
# when a migration runs: app/extensions.py), so `flask db upgrade` would open with seven lines.
CHATTY_LIBRARIES = ("fontTools", "alembic.runtime.plugins")
# Polled every few seconds: not logged.
QUIET_ENDPOINTS = {"public.healthz", "operations_health.ready", "operations_metrics.metrics"}


def configure_logging(app: Flask) -> None:
    """JSON lines on stdout for every logger; once per process, however many apps are made."""
    root = logging.getLogger()
    if not any(getattr(handler, "borgerportal", False) for handler in root.handlers):
        handler = StdoutHandler()
        handler.borgerportal = True
        handler.setFormatter(JsonFormatter())
        handler.addFilter(add_request_context)
        root.addHandler(handler)
    root.setLevel(app.config["LOG_LEVEL"])
    for chatty in CHATTY_LIBRARIES:
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root.level))
    app.logger.removeHandler(default_handler)  # Flask's own would write the same line to stderr


LOGGED_JOBCENTER = "log_jobcenter_id"


def add_request_context(record: logging.LogRecord) -> bool:
    """A line written during a request carries its id, and never the raw path when the path
    holds a token (Flask's "Exception on <path>", the error handler's "Unhandled error on ...")."""
    if not has_request_context():
        return True
    if REQUEST_ID in request.environ:
        record.fields = {"request_id": request.environ[REQUEST_ID], **getattr(record, FIELDS, {})}
    redacted = logged_path()
    if redacted != request.path and request.path in (message := record.getMessage()):
        record.msg, record.args = message.replace(request.path, redacted), ()
    return True


def logged_path() -> str:
    """The request's path with every token-like route argument replaced."""
    rule, arguments = request.url_rule, request.view_args or {}
    if rule is None:
        return first_segment_only(request.path)
    secret = {name: REDACTED for name in arguments if "token" in name}
    if not secret:
        return request.path
    return rule.build({**arguments, **secret}, append_unknown=False)[1].replace("%5Bredacted%5D", REDACTED)


def describe_request(response):
    """After the route: what the access line says about the request (kept in the WSGI environ,
    where RequestLog and gunicorn's access log read it once the response has gone)."""
    # Read past the session's accounting: a session "accessed" adds Vary: Cookie to the answer.
    kind, _, user_id = (dict.get(session._get_current_object(), "_user_id") or "anonymous").partition(":")
    request.environ[DESCRIPTION] = {
        "endpoint": request.endpoint or "none",
        "path": logged_path(),
        "client": request.remote_addr,
        "user_kind": kind,
        "user_id": int(user_id) if user_id.isdigit() else None,
        "jobcenter_id": g.get(LOGGED_JOBCENTER),
    }
    return response


def note_jobcenter():
    """Before the route: the signed-in user's jobcenter, for the access line. Read now, while the
    user is loaded anyway (the session check needs them); after a route's commit the user is
    expired and reading it again would cost a query of its own."""
    if dict.get(session._get_current_object(), "_user_id"):
        g.setdefault(LOGGED_JOBCENTER, getattr(current_user._get_current_object(), "jobcenter_id", None))


class RequestLog:
    """WSGI middleware: gives each request its id, and logs and counts it when it is done."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        given = environ.get("HTTP_X_REQUEST_ID", "")
        environ[REQUEST_ID] = given if SANE_REQUEST_ID.match(given) else uuid.uuid4().hex
        answer = {}

        def start(status, headers, exc_info=None):
            answer["status"] = int(status.split(" ", 1)[0])
            headers.append(("X-Request-ID", environ[REQUEST_ID]))
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, start)
        return ClosingIterator(body, lambda: _finished(environ, answer.get("status", 0), started))


def _finished(environ, status: int, started: float) -> None:
    seconds = time.perf_counter() - started
    described = environ.get(DESCRIPTION) or {
        "endpoint": "none",
        "path": first_segment_only(environ.get("PATH_INFO", "/")),
    }
    metrics.request_finished(described["endpoint"], environ.get("REQUEST_METHOD", ""), status, seconds)
    fields = {
        "event": "request",
        "request_id": environ[REQUEST_ID],
        "method": environ.get("REQUEST_METHOD"),
        **described,
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
    }
    level = logging.DEBUG if described["endpoint"] in QUIET_ENDPOINTS else logging.INFO
    log.log(level, "%s %s %s", fields["method"], described["path"], status, extra={FIELDS: fields})
