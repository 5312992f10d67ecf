"""An app whose worker sends with 8 threads through the real Twilio client to the loopback stub,
with login codes already queued (test_sending_threads, test_sending_pace).

In-memory SQLite can only send one at a time, so on SQLite the app uses a database file."""

from contextlib import contextmanager

from app import create_app
from app.extensions import db
from app.notifications.outbox import enqueue
from tests.conftest import empty_all_tables, is_postgres
from tests.factories import make_citizen, make_jobcenter
from tests.support.twilio_stub import ACCOUNT_SID, AUTH_TOKEN


@contextmanager
def app_with_queued_codes(database_url, tmp_path, stub, name: str, messages: int, **config):
    url = database_url if is_postgres() else f"sqlite:///{tmp_path / f'{name}.sqlite'}"
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_FROM="+4570000000",
        TWILIO_API_BASE_URL=stub.base_url,
        **{"OUTBOX_SEND_THREADS": 8, **config},
    )
    with app.app_context():
        db.create_all()
        jobcenter = make_jobcenter(name) if messages else None
        for number in range(messages):
            enqueue("login_code", make_citizen(jobcenter, phone=f"+4531{number:06d}"), {"code": "123456"})
        db.session.commit()
        yield app
        db.session.remove()
        empty_all_tables()
