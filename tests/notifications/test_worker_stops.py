"""A worker told to stop (SIGTERM) while thousands of messages are due stops after the batch it
holds, instead of sending every due message first (with 100,000 reminders queued it went on for
minutes, and `docker stop` would have killed it mid-batch). The rest stay queued for the next."""

import threading

from sqlalchemy import func, select

from app.extensions import db
from app.models import Message
from app.notifications import worker
from app.notifications.outbox import add_all_once, prepare
from tests.factories import make_citizen


def test_a_worker_told_to_stop_finishes_its_batch_and_leaves_the_rest_queued(app, twilio):
    citizen = make_citizen()
    db.session.flush()
    row = prepare("job_search_due", citizen, {"date": "7.12.2026", "link": "https://x.dk/j/a"}, channel="sms")
    add_all_once([{**row, "recipient": f"+4532{n:06d}"} for n in range(120)])
    db.session.commit()
    stop = threading.Event()
    stop.set()
    assert worker.run_once(batch=50, stop=stop) == 50
    statuses = dict(db.session.execute(select(Message.status, func.count()).group_by(Message.status)).all())
    assert statuses == {"sent": 50, "queued": 70} and len(twilio.received) == 50
    assert worker.run_once(batch=50) == 70, "the next round sends the rest"
