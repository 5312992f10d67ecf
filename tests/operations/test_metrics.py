"""/metrics through gunicorn with 2 worker processes and the background worker in its own
process: the numbers add up across processes, and only the operator may read them."""

import re
import threading
import time
from pathlib import Path

import pytest
import requests

from app.extensions import db
from app.operations import metrics
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.portal_server import flask, start_portal
from tests.support.twilio_stub import ACCOUNT_SID, AUTH_TOKEN, start_twilio_stub

# The portal these tests start serves a SQLite file of its own in both phases: on PostgreSQL they
# would check the same thing again (tests/conftest.py).
served_from_its_own_file = pytest.mark.engine_independent
TOKEN = "metrics-test-token-" + "t" * 20
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def twilio():
    stub = start_twilio_stub()
    yield stub
    stub.stop()


@pytest.fixture(scope="module")
def env(migrated_env, twilio, module_tmp):
    return {
        **migrated_env,
        "PROMETHEUS_MULTIPROC_DIR": str(module_tmp / "metrics"),
        "METRICS_TOKEN": TOKEN,
        "METRICS_ALLOW_FROM": "192.0.2.0/24",  # not the test's address: it needs the token
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM": "+4570000000",
        "TWILIO_API_BASE_URL": twilio.base_url,
    }


@pytest.fixture(scope="module")
def people(seeding_app):
    centre = make_jobcenter("kbh")
    citizen = make_citizen(
        centre, cpr="0101901234", email="borger@example.dk", email_verified_at=db.func.now()
    )
    staff = make_staff(centre, "admin", email="admin@kbh.example")  # e-mail codes: no SMTP configured
    db.session.commit()
    return {"citizen": citizen, "staff": staff}


@pytest.fixture(scope="module")
def portal(env, module_tmp, people):
    server = start_portal(env, module_tmp / "gunicorn.log")
    yield server
    server.stop()


def scrape(portal) -> dict[str, float]:
    text = requests.get(portal.base + "/metrics", headers=BEARER, timeout=30).text
    return {name: float(value) for name, value in re.findall(r"^(\S+) (\S+)$", text, flags=re.MULTILINE)}


def wait_for_count(portal, key: str, expected: float) -> None:
    """A request is counted when its answer has been sent (the count includes sending the body),
    so the last ones may land a moment after the client has its answer."""
    deadline = time.monotonic() + 10
    while scrape(portal).get(key) != expected and time.monotonic() < deadline:
        time.sleep(0.1)


@served_from_its_own_file
def test_metrics_need_the_token_or_an_allowed_address(portal):
    assert requests.get(portal.base + "/metrics", timeout=30).status_code == 403
    wrong = {"Authorization": "Bearer not-the-token"}
    assert requests.get(portal.base + "/metrics", headers=wrong, timeout=30).status_code == 403
    answer = requests.get(portal.base + "/metrics", headers=BEARER, timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/plain")
    assert "borgerportal_outbox_messages" in answer.text


@served_from_its_own_file
def test_a_process_still_creating_its_metrics_file_fails_no_scrape(portal, env):
    starting = Path(env["PROMETHEUS_MULTIPROC_DIR"]) / "counter_99999.db"
    starting.touch()  # what a process that has just opened its file leaves for a moment
    try:
        assert requests.get(portal.base + "/metrics", headers=BEARER, timeout=30).status_code == 200
    finally:
        starting.unlink()


@served_from_its_own_file
def test_requests_add_up_across_both_gunicorn_processes(portal, env):
    labels = 'endpoint="public.accessibility_statement",method="GET",status="200"'
    key = f"borgerportal_http_requests_total{{{labels}}}"
    processes = Path(env["PROMETHEUS_MULTIPROC_DIR"])
    sent = 0
    while len(list(processes.glob("counter_*.db"))) < 2 or sent < 40:  # until both have answered
        assert sent < 2000, "one gunicorn process answered everything"
        sent += _get_many(portal.base + "/tilgaengelighed", 20)
    wait_for_count(portal, key, sent)
    for _ in range(4):  # whichever process answers /metrics adds up the same
        assert scrape(portal)[key] == sent


def _get_many(url: str, count: int) -> int:
    def get():
        assert requests.get(url, timeout=30).status_code == 200

    threads = [threading.Thread(target=get) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count


@served_from_its_own_file
def test_rate_limit_refusals_are_counted(portal):
    browser = portal.browser()
    statuses = [
        portal.submit(browser, "/medarbejder/log-ind", {"email": "x@y.dk", "password": "wrong"}).status_code
        for _ in range(45)  # 20 an hour per address, counted in each process (memory storage)
    ]
    refused = statuses.count(429)
    assert refused >= 5
    key = 'borgerportal_rate_limit_refusals_total{endpoint="staff.login"}'
    wait_for_count(portal, key, refused)
    assert scrape(portal)[key] == refused


@served_from_its_own_file
def test_the_worker_process_reports_sending_errors_fallbacks_and_code_latency(portal, env, twilio, people):
    browser = portal.browser()
    portal.submit(browser, "/log-ind", {"cpr": "0101901234", "channel": "sms"})  # a code by SMS
    twilio.fail_next(400, 21211, "Invalid 'To' phone number")  # the second: refused, so by e-mail
    portal.submit(portal.browser(), "/log-ind", {"cpr": "0101901234", "channel": "sms"})
    assert flask(env, "worker", "--once").returncode == 0
    assert flask(env, "worker", "--once").returncode == 0  # the fallback e-mail: no SMTP, it waits

    numbers = scrape(portal)
    assert numbers['borgerportal_messages_sent_total{channel="sms"}'] == 1
    assert numbers['borgerportal_code_latency_seconds_count{channel="sms"}'] == 1
    assert 0 < numbers['borgerportal_code_latency_seconds_sum{channel="sms"}'] < 120
    assert numbers['borgerportal_provider_errors_total{channel="sms",kind="permanent"}'] == 1
    assert numbers['borgerportal_message_fallbacks_total{to_channel="email"}'] == 1
    assert numbers['borgerportal_provider_errors_total{channel="email",kind="temporary"}'] == 1
    assert (
        numbers['borgerportal_outbox_messages{channel="email",priority="0",status="failed_temporary"}'] == 1
    )
    assert numbers['borgerportal_job_duration_seconds_count{job="sweep",outcome="ok"}'] == 2
    assert numbers["borgerportal_sweep_last_success_timestamp_seconds"] > 0
    assert numbers["borgerportal_worker_last_seen_timestamp_seconds"] > 0
    assert requests.get(portal.base + "/healthz/ready", timeout=30).status_code == 200


def test_an_allowed_address_reads_metrics_without_the_token(app):
    app.config.update(METRICS_ALLOW_FROM="10.1.0.0/16, 127.0.0.1", METRICS_TOKEN="")
    client = app.test_client()
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.2.0.1"}).status_code == 403
    app.config.update(METRICS_ALLOW_FROM="")
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 403
    assert metrics.MULTIPROCESS_DIR is None  # in-process numbers in this test process
