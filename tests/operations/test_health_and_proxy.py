"""/healthz/ready (database, the workers' heartbeat, outbox lag) and PROXY_HOPS."""

from datetime import timedelta

import pytest
import time_machine
from flask import jsonify, request

from app import create_app
from app.access import public
from app.extensions import db
from app.models import Message, WorkerHeartbeat
from app.models.types import utcnow
from app.notifications import worker
from app.notifications.outbox import enqueue
from app.operations import heartbeat
from tests.factories import make_citizen


def test_ready_is_503_until_a_worker_has_looked_for_work(client):
    silent = client.get("/healthz/ready")
    assert silent.status_code == 503
    assert silent.get_json()["worker"] == {"status": "silent", "silent_seconds": None, "limit_seconds": 120}
    worker.run_once()  # a real round: it looks for work, finds none, and says so
    ready = client.get("/healthz/ready")
    assert ready.status_code == 200 and ready.get_json()["status"] == "ok"
    assert db.session.scalar(db.select(WorkerHeartbeat.worker)) == heartbeat.worker_name()


def test_ready_is_503_when_the_worker_has_been_silent_too_long(app, client):
    heartbeat.beat(utcnow(), force=True)
    assert client.get("/healthz/ready").status_code == 200
    with time_machine.travel(utcnow() + timedelta(seconds=121)):
        late = client.get("/healthz/ready")
    assert late.status_code == 503 and late.get_json()["worker"]["status"] == "silent"
    app.config["WORKER_SILENT_AFTER_SECONDS"] = 600
    with time_machine.travel(utcnow() + timedelta(seconds=121)):
        assert client.get("/healthz/ready").status_code == 200


def test_ready_reports_how_long_due_messages_wait(client):
    citizen = make_citizen()
    now = utcnow()
    enqueue("login_code", citizen, {"code": "123456"}, channel="sms", now=now - timedelta(seconds=30))
    db.session.add(Message(**{**_routine(citizen), "next_attempt_at": now - timedelta(seconds=90)}))
    heartbeat.beat(now, force=True)
    db.session.commit()
    waiting = client.get("/healthz/ready").get_json()["outbox"]["oldest_due_seconds"]
    assert 29 <= waiting["someone_waits"] <= 60 and 89 <= waiting["all"] <= 120


def _routine(citizen) -> dict:
    return dict(
        citizen_id=citizen.id,
        purpose="job_search_due",
        channel="sms",
        language="da",
        recipient="+4520000000",
        body="x",
    )


def test_ready_is_503_when_the_database_cannot_be_reached(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'missing' / 'db.sqlite'}")
    answer = app.test_client().get("/healthz/ready")
    assert answer.status_code == 503 and answer.get_json()["database"] == "unreachable"
    with app.app_context():
        db.session.remove()


def test_a_worker_busy_sending_keeps_beating(client, monkeypatch):
    """The 09:00 reminders take one round many minutes; each batch it claims counts as a beat."""
    monkeypatch.setattr(heartbeat, "BEAT_EVERY", 0.0)
    citizen = make_citizen()
    for code in ("111111", "222222", "333333"):
        enqueue("login_code", citizen, {"code": code}, channel="sms", now=utcnow())
    db.session.commit()
    start = utcnow()
    with time_machine.travel(start + timedelta(minutes=10)):
        worker.run_once(batch=1)
        assert heartbeat.last_seen() >= start + timedelta(minutes=10)


def probe_app(**config):
    app = create_app("testing", **config)

    @app.get("/_probe")
    @public
    def probe():
        return jsonify(client=request.remote_addr, scheme=request.scheme, host=request.host)

    return app


FORWARDED = {
    "X-Forwarded-For": "203.0.113.9",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "portal.kk.dk",
}


@pytest.mark.parametrize(
    "hops, expected",
    [
        (1, {"client": "203.0.113.9", "scheme": "https", "host": "portal.kk.dk"}),
        (0, {"client": "10.0.0.2", "scheme": "http", "host": "localhost"}),
    ],
)
def test_proxy_headers_count_only_with_proxy_hops(hops, expected):
    app = probe_app(PROXY_HOPS=hops)
    answer = app.test_client().get("/_probe", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert answer.get_json() == expected


def test_with_two_hops_the_address_the_client_gave_the_first_proxy_is_not_believed():
    app = probe_app(PROXY_HOPS=2)
    chain = {**FORWARDED, "X-Forwarded-For": "6.6.6.6, 203.0.113.9, 10.0.0.5"}  # the client forged the first
    answer = app.test_client().get("/_probe", headers=chain, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert answer.get_json()["client"] == "203.0.113.9"


def test_a_sweep_is_recorded_and_workers_stopped_long_ago_are_forgotten(app):
    now = utcnow()
    db.session.add(WorkerHeartbeat(worker="old-host:7", started_at=now, last_seen_at=now - timedelta(days=8)))
    db.session.commit()
    heartbeat.swept(now, 1.25)
    [row] = db.session.scalars(db.select(WorkerHeartbeat))
    assert (row.worker, row.last_sweep_at, row.last_sweep_seconds) == (heartbeat.worker_name(), now, 1.25)
