"""A citizen imported by CSV who logs in for the first time sees the same true answer on every
page view, and can confirm, for every target group, on SQLite and PostgreSQL.

A real server ends each request's database session (and rolls back what it did not commit);
the test client here does the same, so a page view that writes half a row shows up as it does
in production (issue 17: the second view said "you do not need to confirm")."""

from contextlib import contextmanager
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from sqlalchemy import event, select

from app.citizens.importer import import_citizens
from app.extensions import db
from app.models import Citizen, JobSearchConfirmation, JobSearchStatus
from app.rules.dates import DANISH_TIME
from app.rules.target_groups import TARGET_GROUPS, duties_for
from tests.conftest import FreshRequestClient
from tests.factories import make_citizen, make_jobcenter
from tests.support.forms import submit
from tests.support.login import log_in

# Thursday 6 December 2029, 10:14 Danish time: registered today, due Thursday 13 December.
NOW = datetime(2029, 12, 6, 10, 14, tzinfo=DANISH_TIME)
HEADER = "cpr,name,phone,email,language,target_group,jobcenter\n"


class PerRequestSessionClient(FreshRequestClient):
    """Ends the database session after every request, as the app context of a real request does."""

    def open(self, *args, **kwargs):
        try:
            return super().open(*args, **kwargs)
        finally:
            db.session.remove()


@pytest.fixture
def client(app):
    app.test_client_class = PerRequestSessionClient
    return app.test_client()


def _import_one(target_group: str) -> SimpleNamespace:
    make_jobcenter("kbh")
    db.session.commit()
    row = f"010190-1234,Mette Hansen,20 12 34 01,,en,{target_group},kbh\n"
    result = import_citizens((HEADER + row).encode(), today=NOW.date())
    assert result.imported and result.created == 1, result.errors
    citizen = db.session.scalars(select(Citizen)).one()
    return SimpleNamespace(id=citizen.id, cpr=citizen.cpr, phone=citizen.phone)


def _front_page(client) -> str:
    return client.get("/min-side/?lang=en").get_data(as_text=True)


@pytest.mark.parametrize("target_group", TARGET_GROUPS)
def test_every_view_tells_a_newly_imported_citizen_the_truth(app, client, twilio, target_group):
    with time_machine.travel(NOW, tick=False):
        citizen = _import_one(target_group)
        log_in(client, twilio, citizen)
        must_confirm = duties_for(target_group).confirm_job_search
        for view in ("first", "second", "third"):
            page = _front_page(client)
            if must_confirm:
                assert "Confirm your job search by December 13, 2029" in page, f"{view} view"
                assert "Confirm job search</button>" in page, f"{view} view"
                assert "does not have this duty" not in page, f"{view} view"
            else:
                assert "Your benefit group does not have this duty." in page, f"{view} view"
                assert "Confirm job search</button>" not in page, f"{view} view"
        answer = submit(client, "/min-side/bekraeft-jobsoegning?lang=en", {}, form_page="/min-side/")
        confirmed = db.session.scalars(select(JobSearchConfirmation)).all()
        if must_confirm:
            assert answer.status_code == 302 and "/min-side/kvitteringer/" in answer.location
            assert [c.due_on for c in confirmed] == [NOW.date() + timedelta(days=7)]
            assert "Confirm job search</button>" not in _front_page(client)
        else:
            assert confirmed == []
            page = client.get(answer.location + "?lang=en").get_data(as_text=True)
            assert "You do not need to confirm your job search right now" in page


@pytest.mark.parametrize("target_group", TARGET_GROUPS)
def test_the_import_saves_the_status_row_with_its_due_date(app, target_group):
    citizen = _import_one(target_group)
    status = db.session.get(JobSearchStatus, citizen.id)
    assert status is not None and status.clock_started_on == NOW.date()
    if duties_for(target_group).confirm_job_search:
        assert (status.due_on, status.deadline_on) == (NOW.date() + timedelta(days=7),) * 2
    else:
        assert status.due_on is None


@contextmanager
def statements_written():
    """The INSERT, UPDATE and DELETE statements sent to the database inside the block."""
    written = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            written.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield written
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_pages_write_nothing_for_a_citizen_who_has_no_status_row_yet(app, client, twilio):
    """Citizens created before status rows were made at import get theirs from the sweep; until
    then the pages compute the answer and save nothing."""
    with time_machine.travel(NOW, tick=False):
        older = make_citizen(registered_on=NOW.date() - timedelta(days=400))
        citizen = SimpleNamespace(id=older.id, cpr=older.cpr, phone=older.phone)
        db.session.commit()
        log_in(client, twilio, citizen)
        with statements_written() as written:
            page = _front_page(client)
            client.get("/min-side/kvitteringer")
            client.get("/min-side/sygdom/")
        assert [s for s in written if "job_search_status" in s] == []
        assert "Confirm your job search by December 13, 2029" in page
        assert db.session.get(JobSearchStatus, citizen.id) is None
        submit(client, "/min-side/bekraeft-jobsoegning", {}, form_page="/min-side/")
        status = db.session.get(JobSearchStatus, citizen.id)
        assert (status.last_confirmed_on, status.due_on) == (NOW.date(), NOW.date() + timedelta(days=7))


def test_a_reimport_into_a_group_with_the_duty_starts_the_clock_that_day(app):
    citizen = _import_one("kontanthjaelp_aktivitetsparat")
    later = NOW.date() + timedelta(days=40)
    row = "010190-1234,Mette Hansen,20 12 34 01,,en,dagpenge,kbh\n"
    assert import_citizens((HEADER + row).encode(), today=later).updated == 1
    status = db.session.get(JobSearchStatus, citizen.id)
    assert (status.clock_started_on, status.due_on) == (later, later + timedelta(days=7))
    row = row.replace("dagpenge", "sygedagpenge")
    assert import_citizens((HEADER + row).encode(), today=later + timedelta(days=1)).updated == 1
    assert db.session.get(JobSearchStatus, citizen.id).due_on is None  # no reminders, no misses
