"""Nobody can lock a citizen out or learn who is registered (issue 16, "Login and codes").

Wrong codes pause only the browser that typed them; a code is bound to the browser that asked
for it; "send me a code" is the same work for every CPR number; letters are limited and never
cancel a code; a code that could not be sent is said so on screen; letter codes stay sealed.
The same rules against gunicorn with real threads: tests/auth/test_code_race.py.
"""

from datetime import timedelta

import pytest
from sqlalchemy import event

from app.auth import services
from app.extensions import db
from app.models import AuditEvent, CodeRequest, CodeTries, Message, OneTimeCode
from app.models.types import utcnow
from app.notifications import worker
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.forms import submit
from tests.support.login import code_in_pdf, request_code, send_and_read_code, staff_log_in
from tests.test_architecture import _assert_valid_html

UNKNOWN_CPR = "3112999999"


def type_code(client, code: str):
    return submit(client, "/log-ind/kode", {"code": code})


def sql_run_by(action) -> list[str]:
    """The SQL statements `action()` sends to the database, in order."""
    ran = []

    def note(connection, cursor, statement, *rest):
        ran.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return ran


def pause(client, cpr: str):
    """Ask to type a code for `cpr` and type 5 wrong ones: this browser is now paused."""
    request_code(client, cpr, channel="have_code")
    statuses = [type_code(client, "000000").status_code for _ in range(5)]
    assert statuses == [422] * 4 + [429]


def test_wrong_codes_from_a_strangers_browser_never_stop_the_citizens_own_code(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    stranger = app.test_client()
    pause(stranger, citizen.cpr)
    request_code(client, citizen.cpr)  # the citizen, in their own browser
    response = type_code(client, send_and_read_code(twilio, citizen.phone))
    assert response.headers["Location"] == "/min-side/"
    assert type_code(stranger, "123456").status_code == 429, "the stranger's browser stays paused"


def test_a_code_works_only_in_the_browser_that_asked_for_it(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    request_code(client, citizen.cpr)
    code = send_and_read_code(twilio, citizen.phone)
    other = app.test_client()  # someone who saw the SMS on the lock screen
    request_code(other, citizen.cpr, channel="have_code")
    assert type_code(other, code).status_code == 422
    assert type_code(client, code).headers["Location"] == "/min-side/"


def test_a_stranger_asking_for_a_code_does_not_cancel_the_citizens_code(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    request_code(client, citizen.cpr)
    code = send_and_read_code(twilio, citizen.phone)
    stranger = app.test_client()
    for channel in ("sms", "letter"):
        request_code(stranger, citizen.cpr, channel=channel)
    worker.run_once()
    assert type_code(client, code).headers["Location"] == "/min-side/"


def test_asking_again_in_the_same_browser_replaces_its_earlier_code(app, client, twilio):
    citizen = make_citizen()
    db.session.commit()
    request_code(client, citizen.cpr)
    first = send_and_read_code(twilio, citizen.phone)
    request_code(client, citizen.cpr)
    second = send_and_read_code(twilio, citizen.phone)
    assert type_code(client, first).status_code == 422
    assert type_code(client, second).headers["Location"] == "/min-side/"


def test_an_unknown_cpr_number_is_paused_like_a_registered_one(app):
    citizen = make_citizen()
    db.session.commit()
    pages = []
    for cpr in (citizen.cpr, UNKNOWN_CPR):
        browser = app.test_client()
        pause(browser, cpr)
        page = type_code(browser, "000000").get_data(as_text=True)
        pages.append(page.split("<main")[1].split("</main>")[0])
    assert pages[0] == pages[1]


def test_asking_for_a_code_is_the_same_work_for_a_registered_and_an_unknown_number(app, client, twilio):
    """The web request only records the request; the same SQL runs whatever the number."""
    citizen = make_citizen()
    db.session.commit()
    statements, answers = {}, {}
    for cpr in (citizen.cpr, UNKNOWN_CPR):
        browser = app.test_client()
        browser.get("/log-ind")
        statements[cpr] = sql_run_by(lambda: answers.setdefault(cpr, request_code(browser, cpr)))  # noqa: B023
        assert (answers[cpr].status_code, answers[cpr].headers["Location"]) == (302, "/log-ind/kode")
    assert statements[citizen.cpr] == statements[UNKNOWN_CPR]
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 0, "nothing is sent by the web request"
    stored = db.session.scalars(db.select(CodeRequest.sealed_cpr)).all()
    assert len(stored) == 2 and not any(citizen.cpr in text or UNKNOWN_CPR in text for text in stored)
    worker.run_once()
    assert [sms.to for sms in twilio.received] == [citizen.phone]
    assert db.session.scalars(db.select(CodeRequest.sealed_cpr)).all() == [None, None], "erased once done"


def test_a_letter_can_be_asked_for_once_a_day_per_cpr_number(app, twilio):
    citizen = make_citizen(phone=None, address="Vej 1\n2610 Rødovre")
    db.session.commit()
    for _ in range(3):  # three strangers, or one in three browsers
        request_code(app.test_client(), citizen.cpr, channel="letter")
    worker.run_once()
    letters = db.select(db.func.count(Message.id)).filter_by(purpose="code_letter")
    assert db.session.scalar(letters) == 1
    tomorrow = utcnow() + timedelta(days=1, minutes=1)
    services.request_login_code(citizen.cpr, "letter", "another-browser", tomorrow)
    worker.run_once(now=tomorrow)
    assert db.session.scalar(letters) == 2
    live = db.select(db.func.count(OneTimeCode.id)).filter_by(purpose="letter", used_at=None)
    assert db.session.scalar(live) == 2, "the second letter's code does not cancel the first"


def test_a_login_code_that_could_not_be_sent_is_said_so_on_the_code_page(app, client, twilio, smtp):
    smtp.refused.add("gone@example.dk")
    citizen = make_citizen(email="gone@example.dk", email_verified_at=utcnow())
    db.session.commit()
    request_code(client, citizen.cpr)
    assert "We could not send the code" not in client.get("/log-ind/kode?lang=en").get_data(as_text=True)
    twilio.fail_next(400, code=21211)  # not a valid phone number: refused for good
    worker.run_once()
    worker.run_once()  # the e-mail, refused too
    page = client.get("/log-ind/kode?lang=en").get_data(as_text=True)
    assert "We could not send the code" in page and app.config["PORTAL_CONTACT_PHONE"] in page
    for lang in ("da", "ar", "uk"):
        _assert_valid_html(client.get(f"/log-ind/kode?lang={lang}").get_data(as_text=True), "/log-ind/kode")
    assert db.session.scalar(db.select(db.func.count(Message.id)).filter_by(channel="letter")) == 0
    stranger = app.test_client()  # the same number in another browser learns nothing
    request_code(stranger, citizen.cpr, channel="have_code")
    assert "We could not send the code" not in stranger.get("/log-ind/kode?lang=en").get_data(as_text=True)


def test_an_unknown_number_is_never_told_that_the_code_could_not_be_sent(app, client, twilio):
    request_code(client, UNKNOWN_CPR)
    worker.run_once()
    assert "We could not send the code" not in client.get("/log-ind/kode?lang=en").get_data(as_text=True)


def test_a_letter_code_is_sealed_until_posted_and_every_download_is_audited(app, client, smtp, twilio):
    centre = make_jobcenter("kbh")
    citizen = make_citizen(centre, phone=None, address="Vej 1\n2610 Rødovre")
    staff = make_staff(centre, "front_desk")
    db.session.commit()
    request_code(app.test_client(), citizen.cpr, channel="letter")
    worker.run_once()
    letter = db.session.scalar(db.select(Message).filter_by(purpose="code_letter"))
    assert letter.sealed_code and "code" not in letter.context
    staff_log_in(client, smtp, staff)
    queue = client.get("/medarbejder/udskrifter").get_data(as_text=True)
    pdf = client.get(f"/medarbejder/udskrifter/{letter.id}.pdf").data
    code = code_in_pdf(pdf)
    assert code and code.replace(" ", "") not in letter.sealed_code + letter.body + queue
    code_row = db.session.scalar(db.select(OneTimeCode).filter_by(purpose="letter"))
    assert code.replace(" ", "") not in code_row.code_hash
    client.get(f"/medarbejder/udskrifter/{letter.id}.pdf")  # printed again: the printer jammed
    downloads = db.session.scalars(db.select(AuditEvent).filter_by(action="letter.downloaded")).all()
    assert [(d.actor_id, d.citizen_id) for d in downloads] == [(staff.id, citizen.id)] * 2
    submit(client, f"/medarbejder/udskrifter/{letter.id}/sendt", {}, form_page="/medarbejder/udskrifter")
    db.session.refresh(letter)
    assert letter.sealed_code is None
    assert code_in_pdf(client.get(f"/medarbejder/udskrifter/{letter.id}.pdf").data) is None
    assert len(db.session.scalars(db.select(AuditEvent).filter_by(action="letter.downloaded")).all()) == 3
    citizen_browser = app.test_client()  # days later the letter arrives
    request_code(citizen_browser, citizen.cpr, channel="have_code")
    assert type_code(citizen_browser, code).headers["Location"] == "/min-side/"


def test_a_letter_code_stops_working_after_1000_wrong_codes_from_all_browsers(app):
    citizen = make_citizen(phone=None, address="Vej 1")
    db.session.commit()
    now = utcnow()
    letter = services.queue_code_letter(citizen, now)
    db.session.commit()
    code = services.letter_code(letter)
    row = db.session.scalar(db.select(OneTimeCode).filter_by(purpose="letter"))
    row.wrong_tries = 999  # as after 200 browsers typed 5 wrong codes each but one
    db.session.commit()
    with pytest.raises(services.WrongCode):
        services.log_in_with_code(citizen.cpr, "browser-a", "00000 00000", now)
    db.session.refresh(row)
    assert row.wrong_tries == 1000
    with pytest.raises(services.WrongCode):
        services.log_in_with_code(citizen.cpr, "browser-b", code, now)


def test_old_counts_of_wrong_codes_and_requests_are_forgotten_after_a_day(app):
    now = utcnow()
    for cpr in ("0101901234", UNKNOWN_CPR):
        services.request_login_code(cpr, "sms", "browser", now)
        with pytest.raises(services.WrongCode):
            services.log_in_with_code(cpr, "browser", "123456", now)
    worker.run_once(now=now)
    worker.sweep_reminders(now + timedelta(days=1, minutes=1))
    assert db.session.scalar(db.select(db.func.count(CodeRequest.id))) == 0
    assert db.session.scalar(db.select(db.func.count(CodeTries.id))) == 0


def test_the_sealed_code_of_a_letter_never_posted_is_erased_when_the_code_expires(app):
    citizen = make_citizen(phone=None, address="Vej 1")
    db.session.commit()
    now = utcnow()
    letter = services.queue_code_letter(citizen, now)
    db.session.commit()
    worker.sweep_reminders(now + timedelta(days=13))
    assert services.letter_code(letter) is not None
    worker.sweep_reminders(now + timedelta(days=14, minutes=1))
    db.session.refresh(letter)
    assert letter.sealed_code is None and letter.status == "queued"
