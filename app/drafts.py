"""Nothing typed is lost: what someone typed into a form that could not be used yet is kept on the
server for a few minutes and filled into the same form when its page is shown again.

Two moments need it: switching language on a page that shows a failed form (the switch is a
small form that carries the fields here, then shows the form's page in the new language), and a
session that timed out before the form was sent (kept for the user who was signed in, shown
again after they log in).

Never kept: files, and any field that may hold a password, a code, a CPR number or a token.
What is kept is sealed (app/sealing.py); a draft is used once, and is gone after DRAFT_MINUTES.
"""

import hashlib
import json
import re
import secrets
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import flash, g, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.models import FormDraft
from app.models.types import utcnow
from app.sealing import seal, unseal

DRAFT_MINUTES = 10
SEALING_PURPOSE = "form-draft"
BROWSER_TOKEN = "draft_token"  # session: names this browser's drafts (a random value)
# session: until when a draft may wait for this browser; it survives logging in (see
# session_timeout._clear_session_but_language), and spares every other page a look-up.
PENDING_UNTIL = "draft_pending_until"
# Also the language switch's own fields (switch_to, switch_back, switch_form).
NEVER_KEPT = re.compile(r"password|code|cpr|token|kept|^switch_", re.IGNORECASE)
MAX_VALUE = 10_000  # characters of one field: a long comment, not a pasted book
MAX_FIELDS = 100  # the longest form has a few dozen (a plan with its activities)
MAX_TOTAL = 100_000  # characters of a whole draft: a long plan, not 100 fields of 10,000 (1 MB)


def keep(owner: str, page: str, fields: MultiDict, form_name: str = "") -> None:
    """Keep `fields` (what was typed) for `owner` to be filled into the form on `page`. Replaces
    what `owner` had kept before; the caller commits."""
    now = utcnow()
    db.session.execute(
        delete(FormDraft).where(
            (FormDraft.owner == owner) | (FormDraft.created_at < now - timedelta(minutes=DRAFT_MINUTES))
        )
    )
    pairs = _within_limits(fields)
    if any(value.strip() for _, value in pairs):
        sealed = seal(json.dumps(pairs), SEALING_PURPOSE)
        db.session.add(
            FormDraft(owner=owner, page=page, form_name=form_name, sealed_fields=sealed, created_at=now)
        )
        session[PENDING_UNTIL] = (now + timedelta(minutes=DRAFT_MINUTES)).timestamp()


def _within_limits(fields: MultiDict) -> list[list[str]]:
    """The fields that may be kept, each and all together cut to a size a real form reaches."""
    pairs, room = [], MAX_TOTAL
    for name, value in fields.items(multi=True):
        if NEVER_KEPT.search(name) or len(pairs) == MAX_FIELDS or room <= 0:
            continue
        kept = value[: min(MAX_VALUE, room)]
        pairs.append([name[:100], kept])
        room -= len(kept)
    return pairs


def browser_owner() -> str:
    """This browser's name for its drafts: works before logging in and across a language switch."""
    token = session.get(BROWSER_TOKEN)
    if token is None:
        token = session[BROWSER_TOKEN] = secrets.token_urlsafe(16)
    return "browser:" + hashlib.sha256(token.encode()).hexdigest()


def restore_for(form) -> MultiDict | None:
    """The kept fields for `form`, shown on a GET of the page the draft was kept for; the draft
    is used up. None when there is none for this form."""
    draft = _pending_draft()
    if draft is None or not _fits(draft, form):
        return None
    g.pending_draft = None  # used up: one form gets it
    session.pop(PENDING_UNTIL, None)
    db.session.delete(draft[0])
    db.session.commit()
    flash(_("What you typed is filled in again. Check it and send it."))
    return MultiDict([*draft[1], ("csrf_token", generate_csrf())])


def keepable_fields() -> list[tuple[str, str]]:
    """The fields of this request's form that may be kept (for the language switch's form)."""
    return [(name, value) for name, value in request.form.items(multi=True) if not NEVER_KEPT.search(name)]


def form_page() -> str:
    """The address of the page the form of this POST is on: this address when it has a page
    too (GET), else the page the browser sent the form from, else the front page. Without a
    `lang` argument, which would override the language chosen next."""
    rule = request.url_rule
    if rule is not None and "GET" in rule.methods:
        return _without_language(request.path, request.query_string.decode())
    referrer = urlsplit(request.referrer or "")
    if (
        referrer.netloc == request.host
        and referrer.path.startswith("/")
        and not referrer.path.startswith("//")
    ):
        return _without_language(referrer.path, referrer.query)
    return url_for("public.landing")


def _without_language(path: str, query: str) -> str:
    kept = urlencode([(key, value) for key, value in parse_qsl(query) if key != "lang"])
    return f"{path}?{kept}" if kept else path


def _pending_draft():
    """(row, fields) of the newest draft for this page of this browser or signed-in user, looked
    up once per request."""
    if "pending_draft" not in g:
        g.pending_draft = _look_up() if request.method == "GET" else None
    return g.pending_draft


def _look_up():
    if session.get(PENDING_UNTIL, 0) < utcnow().timestamp():
        session.pop(PENDING_UNTIL, None)
        return None
    owners = [browser_owner()] if BROWSER_TOKEN in session else []
    if (user_key := _signed_in_user_key()) is not None:
        owners.append(user_key)
    if not owners:
        return None
    row = db.session.scalar(
        select(FormDraft)
        .where(
            FormDraft.owner.in_(owners),
            FormDraft.page == request.path,
            FormDraft.created_at >= utcnow() - timedelta(minutes=DRAFT_MINUTES),
        )
        .order_by(FormDraft.id.desc())
        .limit(1)
    )
    fields = json.loads(unseal(row.sealed_fields, SEALING_PURPOSE) or "null") if row else None
    return (row, [tuple(pair) for pair in fields]) if fields else None


def _signed_in_user_key() -> str | None:
    return current_user.get_id() if getattr(current_user, "is_authenticated", False) else None


def _fits(draft, form) -> bool:
    """The draft was kept from this form: named so, or (kept at a time-out, before any form was
    read) every field it holds is one of this form's."""
    row, fields = draft
    if row.form_name:
        return row.form_name == form_name(form)
    names = {field.name for field in form if field.type != "CSRFTokenField"}
    return bool(names) and {name for name, _ in fields} <= names


def form_name(form) -> str:
    """The form's class and prefix: tells apart the forms of one page."""
    return f"{type(form).__name__}:{form._prefix}"
