"""The nightly retention job deletes or empties exactly what is due under each jobcenter's
settings, and nothing else: the data is made now through the real services, and the job runs
with the clock moved forward to just before and just after each limit. Files go from the upload
folder and from an S3 bucket. One audit event per run, with its counts."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.audit import record, record_lookup
from app.claims import services as claim_services
from app.claims.services import ClaimDetails
from app.claims.storage import current_storage
from app.extensions import db
from app.job_search.services import Actor
from app.models import AuditEvent, Claim, ClaimFile, Exemption, InboundSms, Message, SicknessReport
from app.models.types import utcnow
from app.notifications.outbox import enqueue
from app.rights import retention
from app.rules.dates import danish_today
from app.sickness import services as sickness_services
from app.sickness.services import SickReport
from tests.claims import samples
from tests.factories import make_citizen, make_helper, make_jobcenter, make_staff
from tests.rights.support import signed_in
from tests.support.forms import csrf_token
from tests.support.s3_server import s3_server

DAY = timedelta(days=1)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _sent_message(citizen, text: str) -> Message:
    message = enqueue("contact_changed", citizen, {"phone": "70 12 34 56", "date": text})
    message.status, message.sent_at = "delivered", utcnow()
    return message


def _case_with_an_invoice_and_sickness(citizen) -> ClaimFile:
    actor = Actor.of_citizen(citizen)
    upload = claim_services.keep_upload(citizen, "faktura.pdf", samples.pdf(), utcnow())
    claim_services.submit(
        actor, citizen, ClaimDetails("transport", 5000, date(2026, 11, 2), "DSB", "1"), [upload], utcnow()
    )
    sickness_services.report_sick(actor, citizen, SickReport(first_day=danish_today(utcnow())), utcnow())
    return upload


def _stored(row_names: list[str]) -> list[bool]:
    storage = current_storage()
    found = []
    for name in row_names:
        try:
            stream, _ = storage.open(name)
            stream.close()
            found.append(True)
        except Exception:  # gone from the folder or the bucket
            found.append(False)
    return found


def test_message_texts_and_inbound_sms_go_when_due_and_status_stays(app):
    short = make_jobcenter(settings={"retention": {"message_text_days": 30}})
    citizen, elsewhere = make_citizen(), make_citizen(short)
    kept_text, short_text = _sent_message(citizen, "1.1.2027"), _sent_message(elsewhere, "2.1.2027")
    db.session.add(
        InboundSms(
            provider_ref="SMold", sender=citizen.phone, body="JA", citizen_id=citizen.id, outcome="confirmed"
        )
    )
    db.session.add(InboundSms(provider_ref="SMnobody", sender="+4511111111", body="hej", outcome="unknown"))
    db.session.commit()
    assert retention.apply_retention(utcnow() + 29 * DAY)["message_texts"] == 0
    counts = retention.apply_retention(utcnow() + 31 * DAY)
    assert counts["message_texts"] == 1  # the jobcenter that keeps texts 30 days
    db.session.refresh(short_text), db.session.refresh(kept_text)
    assert (short_text.body, short_text.status, short_text.recipient) == ("", "delivered", elsewhere.phone)
    assert short_text.delivered_at is None and short_text.sent_at is not None and "1.1.2027" in kept_text.body
    assert retention.apply_retention(utcnow() + 91 * DAY)["message_texts"] == 1 and not _count(
        Message, Message.body != ""
    )
    assert retention.apply_retention(utcnow() + 364 * DAY)["inbound_sms"] == 0
    assert retention.apply_retention(utcnow() + 366 * DAY)["inbound_sms"] == 2 and not _count(InboundSms)


def test_lookups_go_after_five_years_and_the_case_record_stays(app):
    citizen = make_citizen()
    staff = make_staff(citizen.jobcenter)
    record("citizen.imported", actor_type="system", citizen_id=citizen.id)
    record_lookup(staff, "citizen_page", citizen)
    assert retention.apply_retention(utcnow() + 4 * 365 * DAY)["lookups"] == 0
    assert retention.apply_retention(utcnow() + 5 * 366 * DAY)["lookups"] == 1
    assert [
        e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.citizen_id == citizen.id))
    ] == ["citizen.imported"]


def test_a_closed_case_loses_invoices_files_and_sickness_five_years_after_it_closed(app):
    jobcenter = make_jobcenter()
    closed, recent, open_case = make_citizen(jobcenter), make_citizen(jobcenter), make_citizen(jobcenter)
    uploads = {who: _case_with_an_invoice_and_sickness(who) for who in (closed, recent, open_case)}
    names = {who: row.stored_name for who, row in uploads.items()}
    closed.closed_on = danish_today(utcnow()) - 5 * 366 * DAY
    recent.closed_on = danish_today(utcnow()) - 4 * 365 * DAY
    db.session.commit()
    counts = retention.apply_retention(utcnow())
    assert (counts["claims"], counts["claim_files"], counts["sickness_reports"]) == (1, 1, 1)
    assert _stored([names[closed], names[recent], names[open_case]]) == [False, True, True]
    for model in (Claim, ClaimFile, SicknessReport):
        assert _count(model, model.citizen_id == closed.id) == 0
        assert (
            _count(model, model.citizen_id == recent.id)
            == _count(model, model.citizen_id == open_case.id)
            == 1
        )
    assert _count(Exemption, Exemption.citizen_id == closed.id) == 0
    [run] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == retention.RUN)).all()
    assert (run.actor_type, run.citizen_id, run.details["claim_files"]) == ("system", None, 1)


def test_files_go_from_an_s3_bucket_too(app, monkeypatch):
    with s3_server() as s3:
        for name, value in s3.environment("retention").items():
            monkeypatch.setenv(name, value)
        app.config["UPLOAD_STORAGE_URL"] = f"s3://{s3.bucket}/retention"
        app.extensions.pop("upload_storage", None)
        citizen = make_citizen(closed_on=date(2019, 1, 1))
        _case_with_an_invoice_and_sickness(citizen)
        db.session.commit()
        assert len(s3.object_keys()) == 1
        assert retention.apply_retention(utcnow())["claim_files"] == 1
        assert s3.object_keys() == []
        app.extensions.pop("upload_storage", None)


@pytest.mark.parametrize(("hour_utc", "runs"), [(1, True), (12, False)])
def test_the_job_runs_once_a_night(app, hour_utc, runs):
    night = utcnow().replace(hour=hour_utc, minute=0) + DAY  # 02:00 or 13:00 Danish time
    assert (retention.nightly(night) is not None) == runs
    assert retention.nightly(night + timedelta(minutes=30)) is None  # once a night at most
    assert (retention.nightly(night + DAY) is not None) == runs


def test_a_caseworker_marks_the_case_closed_and_open_again_and_front_desk_cannot(app):
    citizen = make_citizen()
    caseworker = make_staff(citizen.jobcenter, "caseworker")
    front_desk = make_staff(citizen.jobcenter, "front_desk")
    db.session.commit()
    page = f"/medarbejder/borger/{citizen.id}"
    desk = signed_in(app, front_desk)
    assert desk.post(page + "/afslut", data={"csrf_token": csrf_token(desk, page)}).status_code == 403
    client = signed_in(app, caseworker)
    token = csrf_token(client, page)
    assert client.post(page + "/afslut", data={"csrf_token": token}).status_code == 302
    db.session.refresh(citizen)
    assert citizen.closed_on == danish_today(utcnow())
    assert "The case was closed on" in client.get(page).get_data(as_text=True)
    client.post(page + "/genaabn", data={"csrf_token": token})
    db.session.refresh(citizen)
    assert citizen.closed_on is None
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.citizen_id == citizen.id).order_by(AuditEvent.id)
    ).all()
    assert [a for a in actions if a.startswith("case.")] == ["case.closed", "case.reopened"]


def test_the_texts_of_messages_to_helpers_go_after_the_default_period_too(app):
    """A helper's notice names the citizen it is about; it has no jobcenter, so the default
    period applies."""
    helper = make_helper()
    context = {"citizen": "Mette Hansen", "link": "https://borgerportal.example/h/x", "date": "1.1.2027"}
    notice = enqueue("helper_invitation", helper, context, channel="sms", recipient=helper.phone)
    notice.status, notice.sent_at = "delivered", utcnow()
    db.session.commit()
    assert retention.apply_retention(utcnow() + 89 * DAY)["message_texts"] == 0
    assert retention.apply_retention(utcnow() + 91 * DAY)["message_texts"] == 1
    db.session.refresh(notice)
    assert (notice.body, notice.status, notice.helper_id) == ("", "delivered", helper.id)
