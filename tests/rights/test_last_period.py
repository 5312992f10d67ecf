"""After the last period: when every retention period of a closed case has ended, the nightly job
deletes what remains of it (plans, confirmations, meetings, mandates, messages, sessions, copies
and their files) and empties the citizen's row and the personal details of the audit events that
stay. The clock is moved to the day before and the day after the last period ends; an open case
of the same jobcenter keeps everything.

The closed case is the authorization matrix's citizen A, who has every kind of data the portal
holds, plus an SMS, a look-up, a helper's action, a session, a kept form, a login code and a copy
of all data in the upload storage."""

import io
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from app.audit import Actor, record_by, record_lookup
from app.claims.storage import current_storage
from app.extensions import db
from app.models import (
    AuditEvent,
    Citizen,
    Claim,
    ClaimFile,
    DataExport,
    Exemption,
    FormDraft,
    InboundSms,
    JobSearchConfirmation,
    JobSearchStatus,
    LoginSession,
    Mandate,
    Meeting,
    Message,
    OneTimeCode,
    PlanComment,
    PlanReceipt,
    PlanVersion,
    SicknessReport,
)
from app.models.types import utcnow
from app.rights import retention
from app.rules.dates import danish_today
from tests.factories import make_citizen, make_jobcenter
from tests.test_authorization_matrix import world  # noqa: F401  (fixture)

CASE_MODELS = (
    PlanVersion, PlanReceipt, PlanComment, JobSearchConfirmation, JobSearchStatus, Exemption,
    Meeting, Mandate, Message, InboundSms, OneTimeCode, Claim, ClaimFile, SicknessReport, DataExport,
)  # fmt: skip


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, tzinfo=UTC)


def _rows_of(citizen) -> dict[str, int]:
    counts = {
        model.__name__: db.session.scalar(
            select(func.count()).select_from(model).where(model.citizen_id == citizen.id)
        )
        for model in CASE_MODELS
    }
    owner = FormDraft.owner == citizen.get_id()
    counts["FormDraft"] = db.session.scalar(select(func.count()).select_from(FormDraft).where(owner))
    user_key = LoginSession.user_key == citizen.get_id()
    counts["LoginSession"] = db.session.scalar(select(func.count()).select_from(LoginSession).where(user_key))
    return counts


def _stored(name: str) -> bool:
    try:
        stream, _ = current_storage().open(name)
        stream.close()
        return True
    except Exception:  # gone from the upload storage
        return False


def _more_of_everything(people) -> str:
    """What the matrix's world lacks; returns the stored name of the copy of all data."""
    citizen, now = people["citizen_a"], utcnow()
    helper = people["helper_view"].helper
    db.session.add_all([
        InboundSms(provider_ref="SMlast", sender=citizen.phone, body="JA", citizen_id=citizen.id,
                   outcome="confirmed", received_at=now),
        LoginSession(token_hash="a" * 64, user_key=citizen.get_id(), created_at=now),
        FormDraft(owner=citizen.get_id(), page="/min-side/syg", sealed_fields="x", created_at=now),
        OneTimeCode(citizen_id=citizen.id, code_hash="x", channel="sms", expires_at=now),
        DataExport(citizen_id=citizen.id, asked_by_type="citizen", asked_by_id=citizen.id, language="da",
                   stored_name="copy-of-a.zip", ready_at=now, expires_at=now + timedelta(days=4000)),
    ])  # fmt: skip
    current_storage().save_file("copy-of-a.zip", io.BytesIO(b"PK"))
    record_lookup(people["staff_a_caseworker"], "citizen_page", citizen)
    record_by(Actor.of_helper(helper), "data.exported", citizen.id, phone=helper.phone)
    return "copy-of-a.zip"


def _personal_details_in_events(citizen_id: int, *values: str) -> list[str]:
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.citizen_id == citizen_id))
    return [e.action for e in events if any(v in e.actor_label + str(e.details) for v in values)]


def test_a_closed_case_is_emptied_the_day_after_its_last_period_and_nothing_else(world):  # noqa: F811
    app, people, ids = world
    closed, open_case = people["citizen_a"], people["citizen_b"]
    copy = _more_of_everything(people)
    helper = people["helper_view"].helper
    closed.closed_on = closed_day = danish_today(utcnow())
    closed.sickness_category = 3
    db.session.commit()
    claim_file = db.session.get(ClaimFile, ids["file_id"]).stored_name
    personal = (closed.name, closed.cpr, closed.phone, helper.name, helper.phone)
    open_rows, open_name = _rows_of(open_case), open_case.name
    last_day = closed_day.replace(year=closed_day.year + 5)  # the longest default period: 5 years

    counts = retention.apply_retention(_noon(last_day - timedelta(days=1)))
    assert counts.get("citizens_anonymised", 0) == 0
    still = _rows_of(closed)
    assert all(still[kind] > 0 for kind in ("PlanVersion", "Mandate", "Meeting", "Claim", "FormDraft"))
    assert _stored(copy) and _stored(claim_file)
    assert db.session.get(Citizen, closed.id).name == personal[0]

    counts = retention.apply_retention(_noon(last_day + timedelta(days=1)))
    assert counts["citizens_anonymised"] == 1 and counts["plan_versions"] == 2 and counts["mandates"] > 0
    assert _rows_of(closed) == dict.fromkeys(_rows_of(closed), 0)
    assert not _stored(copy) and not _stored(claim_file)
    db.session.expire_all()
    emptied = db.session.get(Citizen, closed.id)
    assert (emptied.cpr, emptied.name, emptied.phone, emptied.email, emptied.address) == (
        f"x{closed.id}",
        "",
        None,
        None,
        "",
    )
    assert emptied.anonymised_on == last_day + timedelta(days=1) and emptied.closed_on == closed_day
    assert emptied.sickness_category is None
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.citizen_id == closed.id)) > 0
    assert _personal_details_in_events(closed.id, *personal) == []
    [run] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == retention.RUN).order_by(AuditEvent.id.desc()).limit(1)
    ).all()
    assert run.details["citizens_anonymised"] == 1 and run.details["data_exports"] >= 1

    assert _rows_of(open_case) == open_rows  # the open case of the same jobcenter keeps it all
    assert db.session.get(Citizen, open_case.id).name == open_name
    again = retention.apply_retention(_noon(last_day + timedelta(days=2)))
    assert again.get("citizens_anonymised", 0) == 0  # emptied once


def test_a_jobcenter_that_keeps_some_data_for_ever_never_empties_a_case(app):
    keeps = make_jobcenter(settings={"retention": {"lookup_years": 0}})
    citizen = make_citizen(keeps, closed_on=date(2001, 1, 1))
    db.session.commit()
    assert retention.apply_retention(utcnow()).get("citizens_anonymised", 0) == 0
    assert db.session.get(Citizen, citizen.id).anonymised_on is None
