"""Every form, citizen and staff, sent empty: the page says "Fejl:" first in its title, and its
error summary sits at the top of the failed form and takes the focus.

The walk finds the forms itself: every POST form with a field on every page of the demo's
citizens, their staff and the public pages. Each form is sent from a fresh session, so one that
succeeds (and, say, logs someone out) does not change what the next one sees.
"""

import re
from dataclasses import dataclass
from html import unescape

import pytest
from sqlalchemy import select

from app.auth.session_timeout import session_values_for
from app.demo import load_demo_data
from app.extensions import db
from app.models import Citizen, StaffUser
from app.models.types import utcnow
from tests.pages import citizen_pages, public_pages, staff_pages
from tests.test_architecture import _assert_valid_html

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
FIELD = re.compile(r"<(textarea|select)\b|<input\b(?![^>]*type=\"(?:hidden|submit|button)\")", re.S)
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
SUMMARY = re.compile(r'<div class="alert alert-error error-summary"[^>]*>')
DEMO_CITIZENS = ("Mette Hansen", "Ahmad Al-Sayed", "Olena Kovalenko")


@dataclass(frozen=True)
class Form:
    user_id: str | None  # who sees the page (None: nobody signed in)
    page: str
    action: str


def client_for(app, user_id):
    client = app.test_client()
    with client.session_transaction() as session:
        session["lang"] = "da"
        if user_id:
            session.update(session_values_for(user_id, utcnow()))
            db.session.commit()
    return client


def forms_on(client, user_id, page) -> list[Form]:
    response = client.get(page)
    if response.mimetype != "text/html":  # PDFs, files
        return []
    html = response.get_data(as_text=True)
    found = []
    for attributes, body in FORM.findall(html):
        if 'method="post"' in attributes and FIELD.search(body):
            action = re.search(r'action="([^"]*)"', attributes)
            found.append(Form(user_id, page, unescape(action.group(1)) if action else page))
    return found


def every_form(app) -> list[Form]:
    citizens = db.session.scalars(select(Citizen).where(Citizen.name.in_(DEMO_CITIZENS))).all()
    staff = db.session.scalars(
        select(StaffUser).where(
            StaffUser.role.in_(("caseworker", "admin")), StaffUser.jobcenter_id == citizens[0].jobcenter_id
        )
    ).all()
    visits = [(None, page) for page in public_pages(app)]
    for citizen in citizens:
        visits += [(citizen.get_id(), page) for page in citizen_pages(app, citizen.id)]
        visits += [(user.get_id(), page) for user in staff for page in staff_pages(app, citizen.id)]
    forms = {}
    for user_id, page in visits:
        for form in forms_on(client_for(app, user_id), user_id, page):
            forms.setdefault((form.user_id, form.action), form)  # each form once per user
    return list(forms.values())


def send_empty(app, form: Form):
    client = client_for(app, form.user_id)
    token = CSRF.search(client.get(form.page).get_data(as_text=True)).group(1)
    return client.post(form.action, data={"csrf_token": token})


@pytest.fixture
def demo(app):
    load_demo_data()
    db.session.remove()


def test_every_failed_form_is_announced_in_the_title_and_focused(app, demo):
    failed = []
    for form in every_form(app):
        response = send_empty(app, form)
        if response.status_code == 422:
            failed.append(form)
            assert_announced(response.get_data(as_text=True), form)
    assert len(failed) >= 25, f"only {len(failed)} error states found: {failed}"


def assert_announced(page: str, form: Form) -> None:
    where = f"{form.action} (as {form.user_id} from {form.page})"
    _assert_valid_html(page, where)  # with the language switch as a form
    title = re.search(r"<title>([^<]*)</title>", page).group(1).strip()
    assert title.startswith("Fejl: "), f"{where}: title {title!r}"
    summaries = SUMMARY.findall(page)
    assert len(summaries) == 1 and "autofocus" in summaries[0], f"{where}: {summaries}"
    assert "js/error-summary.js" in page, where
    after_summary = page[page.index(summaries[0]) :]
    next_form = re.search(r"<form\b[^>]*>", after_summary).group(0)
    assert "action=" not in next_form or f'action="{form.action}"' in unescape(next_form), (
        f"{where}: the summary is not at the top of the failed form but of {next_form}"
    )
    for message in re.findall(r'<span class="form-error-message"[^>]*>(.{0,40})', page):
        assert message.startswith('<span class="sr-only">Fejl:</span>'), f"{where}: {message}"
