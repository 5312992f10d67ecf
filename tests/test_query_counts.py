"""No citizen page issues more than 10 SQL queries, whoever looks at it (no N+1 queries).

Every GET page of a citizen's case, for every demo citizen and for the demo helper acting for
Peter, with a fresh database session per request as in production (nothing cached from the
request before). Pages with ids in their path get the citizen's own newest ids.
"""

from contextlib import contextmanager

import pytest
from flask import before_render_template
from sqlalchemy import event, select

from app.auth.session_timeout import session_values_for
from app.demo import load_demo_data
from app.extensions import db
from app.job_search import services as job_search
from app.models import Citizen, Claim, JobSearchConfirmation, Mandate
from app.models.types import utcnow
from app.rules.dates import danish_today
from tests.factories import make_citizen
from tests.pages import citizen_pages
from tests.support.forms import csrf_token

MAX_QUERIES = 10
# The live session and the citizen with their jobcenter, exemptions and job-search status (one
# query, auth/server_sessions.session_with_citizen); then one per card that needs its own rows
# (follow-up decisions, Min Plan, sickness, the next meeting and the invoices waiting for a
# decision in one statement, what helpers did).
FRONT_PAGE_QUERIES = 6
# The live session with the citizen (as above), the confirmation (INSERT … RETURNING), the
# status row (one UPDATE), cancelling the reminders not yet sent, the audit event. No savepoint,
# no second UPDATE of the status, nothing read again after the commit.
CONFIRMATION_STATEMENTS = 5


@contextmanager
def counted_queries():
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def signed_in(app, user_id: str, acting_for: int | None = None):
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(session_values_for(user_id, utcnow()))
        db.session.commit()
        if acting_for:
            session["acting_for"] = acting_for
    return client


def queries_per_page(app, client, pages) -> dict[str, int]:
    counts = {}
    for path in pages:
        db.session.remove()  # a new request starts with an empty session
        with counted_queries() as statements:
            response = client.get(path)
        assert response.status_code < 500, path  # 404 too: "what changed" in a first version
        counts[path] = len(statements)
    return counts


@pytest.fixture
def demo(app):
    load_demo_data()
    db.session.remove()


def test_no_citizen_page_needs_more_than_ten_queries(app, demo):
    citizens = [(c.id, c.get_id()) for c in db.session.scalars(select(Citizen).order_by(Citizen.id))]
    too_many = {}
    for citizen_id, user_id in citizens:
        counts = queries_per_page(app, signed_in(app, user_id), citizen_pages(app, citizen_id))
        too_many |= {f"{user_id} {path}": n for path, n in counts.items() if n > MAX_QUERIES}
    assert too_many == {}


def test_nor_for_a_helper_acting_for_the_citizen(app, demo):
    mandate = db.session.scalar(select(Mandate))
    helper, citizen_id, mandate_id = mandate.helper.get_id(), mandate.citizen_id, mandate.id
    pages = [
        path
        for path in citizen_pages(app, citizen_id)
        if not path.startswith(("/min-side/kontakt", "/min-side/hjaelpere"))
    ]  # the citizen's only
    counts = queries_per_page(app, signed_in(app, helper, acting_for=mandate_id), pages)
    assert {path: n for path, n in counts.items() if n > MAX_QUERIES} == {}
    assert len(counts) >= 8  # the front page, sickness, invoices, receipts, messages, activity …


def test_the_count_sees_every_query(app, demo):
    """The guard must not pass by counting nothing."""
    with counted_queries() as statements:
        db.session.scalar(select(Citizen.id).limit(1))
        db.session.scalar(select(Claim.id).limit(1))
    assert len(statements) == 2


def test_the_front_page_loads_the_citizen_with_what_the_cards_read(app, demo):
    citizens = [c.get_id() for c in db.session.scalars(select(Citizen).order_by(Citizen.id))]
    counts = {}
    for user_id in citizens:
        counts[user_id] = queries_per_page(app, signed_in(app, user_id), ["/min-side/"])["/min-side/"]
    assert len(counts) >= 5
    assert {user: n for user, n in counts.items() if n > FRONT_PAGE_QUERIES} == {}


# What the front page may hold as ORM objects: the session, and the citizen with what every page
# reads. The cards read plain values (app/*/card.py): loading their rows as objects cost twice
# as much as reading them.
FRONT_PAGE_OBJECTS = {"LoginSession", "Citizen", "Jobcenter", "Exemption", "JobSearchStatus"}


def test_the_front_page_cards_read_plain_values_not_objects(app, demo):
    loaded = set()

    def note_objects(sender, template, context, **extra):
        loaded.update(type(thing).__name__ for thing in db.session.identity_map.values())

    before_render_template.connect(note_objects, app)
    for user_id in [c.get_id() for c in db.session.scalars(select(Citizen).order_by(Citizen.id))]:
        client = signed_in(app, user_id)
        db.session.remove()
        assert client.get("/min-side/").status_code == 200
    before_render_template.disconnect(note_objects, app)
    assert "Citizen" in loaded  # the guard sees what was loaded
    assert loaded - FRONT_PAGE_OBJECTS == set()


def test_a_confirmation_writes_in_five_statements(app):
    citizen = make_citizen(registered_on=danish_today(utcnow()))
    db.session.flush()
    job_search.track(citizen, danish_today(utcnow()))  # as the import makes the status row
    db.session.commit()
    client = signed_in(app, citizen.get_id())
    token = csrf_token(client, "/min-side/")
    db.session.remove()
    with counted_queries() as statements:
        response = client.post("/min-side/bekraeft-jobsoegning", data={"csrf_token": token})
    assert "/min-side/kvitteringer/" in response.location
    assert db.session.scalar(select(JobSearchConfirmation.citizen_id)) == citizen.id
    # The rate limit's counter is kept in Redis in production; here in the database.
    ours = [s for s in statements if "rate_counters" not in s]
    assert len(ours) <= CONFIRMATION_STATEMENTS, "\n".join(s[:90] for s in ours)
    assert sum(s.startswith("UPDATE job_search_status") for s in ours) == 1
