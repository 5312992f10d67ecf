"""JSON log lines of real requests through gunicorn (2 workers, its access log on too) and of the
worker: one line per request with id, user, jobcenter, route, status and duration; never a CPR
number, a code, a token or a message's text."""

import json
import re
import signal
import subprocess
import time
from datetime import date

import pytest

from app.extensions import db
from app.job_search.links import token_for
from app.staff.onboarding import password_token
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.portal_server import BIN, ROOT, flask, start_portal
from tests.support.twilio_stub import ACCOUNT_SID, AUTH_TOKEN, start_twilio_stub

pytestmark = pytest.mark.engine_independent

CPR = "0101901234"
CODE = re.compile(r"\b(\d{6})\b")


@pytest.fixture(scope="module")
def twilio():
    stub = start_twilio_stub()
    yield stub
    stub.stop()


@pytest.fixture(scope="module")
def env(migrated_env, twilio):
    return {
        **migrated_env,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM": "+4570000000",
        "TWILIO_API_BASE_URL": twilio.base_url,
    }


@pytest.fixture(scope="module")
def people(seeding_app):
    centre = make_jobcenter("kbh")
    citizen = make_citizen(centre, cpr=CPR, phone="+4520123401")
    staff = make_staff(centre, "admin")
    db.session.commit()
    return {"jobcenter_id": centre.id, "citizen_id": citizen.id, "staff": staff, "citizen": citizen}


@pytest.fixture(scope="module")
def portal(env, module_tmp, people):
    server = start_portal(env, module_tmp / "gunicorn.log", "--access-logfile", "-")
    yield server
    server.stop()


def lines_with(portal, request_id: str, expected: int = 2) -> list[dict]:
    """The request's lines (the portal's and gunicorn's), once both are written: each is written
    as the response is finished, which may be a moment after the client has it."""
    deadline = time.monotonic() + 30
    while True:
        found = [line for line in portal.lines() if line.get("request_id") == request_id]
        if len(found) >= expected or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_a_request_is_one_line_from_the_portal_and_one_from_gunicorn_with_the_same_id(portal):
    answer = portal.browser().get(
        portal.base + "/tilgaengelighed", headers={"X-Request-ID": "req-42"}, timeout=30
    )
    assert answer.headers["X-Request-ID"] == "req-42"
    by_logger = {line["logger"]: line for line in lines_with(portal, "req-42")}
    assert set(by_logger) == {"borgerportal.request", "gunicorn.access"}
    for line in by_logger.values():
        assert line["level"] == "info" and line["ts"].endswith("+00:00")
        assert (line["method"], line["path"], line["status"]) == ("GET", "/tilgaengelighed", 200)
        assert line["endpoint"] == "public.accessibility_statement"
        assert (line["user_kind"], line["user_id"], line["jobcenter_id"]) == ("anonymous", None, None)
        assert line["duration_ms"] >= 0


def test_a_request_id_that_is_not_sane_is_replaced(portal):
    answer = portal.browser().get(portal.base + "/", headers={"X-Request-ID": "x" * 65}, timeout=30)
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"])


def test_a_signed_in_citizen_is_logged_by_kind_id_and_jobcenter_and_never_by_cpr_or_code(
    portal, env, twilio, people
):
    browser = portal.browser()
    asked = portal.submit(browser, "/log-ind", {"cpr": "010190-1234", "channel": "sms"})
    assert asked.status_code == 302
    assert flask(env, "worker", "--once").returncode == 0
    code = CODE.search(twilio.received[-1].body).group(1)
    assert portal.submit(browser, "/log-ind/kode", {"code": code}).status_code == 302
    page = browser.get(portal.base + "/min-side/", headers={"X-Request-ID": "signed-in"}, timeout=30)
    assert page.status_code == 200
    [line] = [line for line in lines_with(portal, "signed-in") if line["logger"] == "borgerportal.request"]
    assert (line["user_kind"], line["user_id"], line["jobcenter_id"]) == (
        "citizen",
        people["citizen_id"],
        people["jobcenter_id"],
    )
    output = portal.output()
    for secret in (CPR, "010190-1234", code, twilio.received[-1].body.splitlines()[0]):
        assert secret not in output


def test_signed_link_tokens_never_reach_either_log(portal, seeding_app, people):
    tokens = {
        "/j/": token_for(people["citizen_id"], date.today()),
        "/medarbejder/adgangskode/": password_token(people["staff"]),
    }
    browser = portal.browser()
    for number, (prefix, token) in enumerate(tokens.items()):
        headers = {"X-Request-ID": f"link-{number}"}
        browser.get(portal.base + prefix + token, headers=headers, allow_redirects=False, timeout=30)
        logged = {line["path"] for line in lines_with(portal, f"link-{number}")}
        assert logged == {prefix + "[redacted]"}
    browser.get(
        portal.base + "/j/" + tokens["/j/"] + "/more", headers={"X-Request-ID": "unmatched"}, timeout=30
    )
    assert {line["path"] for line in lines_with(portal, "unmatched")} == {"/j/…"}
    browser.get(portal.base + "/?token=" + tokens["/j/"], headers={"X-Request-ID": "query"}, timeout=30)
    assert {line["path"] for line in lines_with(portal, "query")} == {"/"}
    output = portal.output()
    assert not any(token in output for token in tokens.values())


def test_the_worker_logs_its_rounds_and_sweeps_as_json_lines(env, twilio, people, portal, module_tmp):
    portal.submit(portal.browser(), "/log-ind", {"cpr": CPR, "channel": "sms"})  # a code to send
    received = len(twilio.received)
    log_path = module_tmp / "worker.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [str(BIN / "flask"), "--app", "wsgi", "worker", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(lambda: len(twilio.received) > received)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    assert any(line["logger"] == "borgerportal.worker" and "worker started" in line["msg"] for line in lines)
    jobs = {line["job"]: line for line in lines if line.get("event") == "job"}
    assert jobs["sweep"]["outcome"] == "ok" and jobs["sweep"]["duration_ms"] >= 0
    sent = [line for line in lines if line.get("event") == "job" and line["job"] in ("send", "send_codes")]
    assert sum(line["messages"] for line in sent) == 1  # the code, by the code lane or the main loop
    code = CODE.search(twilio.received[-1].body).group(1)
    assert code not in log_path.read_text() and CPR not in log_path.read_text()


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_pdf_adds_no_library_chatter_to_the_log(app, capsys):
    from app.letters.pdf import Letter, render_letter

    capsys.readouterr()
    letter = Letter("ar", ["Jobcenter"], ["أحمد"], "7. december 2026", "رمز الدخول", ["نص الرسالة"])
    assert render_letter(letter).startswith(b"%PDF")
    assert "fontTools" not in capsys.readouterr().out
