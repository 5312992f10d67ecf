"""Demo data for `flask demo`: two jobcenters, staff of every role, citizens in every situation.

Idempotent: running it again updates the same rows instead of adding new ones.
"""

from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from sqlalchemy import select

from app import audit
from app.auth.services import hash_password
from app.claims import services as claims
from app.extensions import db
from app.job_search import services as job_search
from app.mandates import services as mandates
from app.models import (
    STAFF_ROLES,
    Citizen,
    Claim,
    Exemption,
    Jobcenter,
    JobSearchMiss,
    JobSearchStatus,
    Mandate,
    Meeting,
    SicknessReport,
    StaffUser,
)
from app.models.types import utcnow
from app.plan import services as plan
from app.rules.mandates import default_end
from app.rules.meetings import danish_start

DEMO_STAFF_PASSWORD = "demo-password"  # demo data only; real staff get their own
DEMO_HELPER = ("Mona Nielsen", "+4520123499")  # Peter Nielsen's daughter, logs in at /hjaelper/log-ind
JOBCENTERS = [
    {
        "code": "koebenhavn",
        "name": "Jobcenter København",
        "phone": "33 66 33 66",
        "email": "jobcenter@kk.example.dk",
        "address": "Kalvebod Brygge 45, 1560 København V",
    },
    {
        "code": "roedovre",
        "name": "Jobcenter Rødovre",
        "phone": "36 37 70 00",
        "email": "jobcenter@rk.example.dk",
        "address": "Rødovre Parkvej 150, 2610 Rødovre",
    },
]


# Staff have people's names: a role written where a name belongs ("Caseworker (Jobcenter
# København)") ends up inside sentences in every language, e.g. "published by Caseworker".
DEMO_STAFF_NAMES = {
    "koebenhavn": {
        "front_desk": "Sanne Holm",
        "caseworker": "Kim Larsen",
        "manager": "Birgitte Dahl",
        "admin": "Jens Mortensen",
    },
    "roedovre": {
        "front_desk": "Ole Jakobsen",
        "caseworker": "Fatima Nasser",
        "manager": "Henrik Bach",
        "admin": "Louise Friis",
    },
}


@dataclass(frozen=True)
class DemoCitizen:
    cpr: str
    name: str
    target_group: str
    language: str
    jobcenter: str
    phone: str | None = None
    email: str | None = None
    address: str = ""
    exemption: str | None = None  # kind of an exemption running today
    missed_three_times: bool = False  # on the staff follow-up list with "risk of deregistration"
    plan_versions: int = 0  # published versions of Min Plan (the last one not yet confirmed)
    claim_kr: int = 0  # an expense claim waiting for review, of this many kroner
    helper: tuple[str, str] | None = None  # (name, phone) of a relative with a mandate in force
    meetings: tuple[str, ...] = ()  # DEMO_MEETINGS by name: upcoming, past, absent, cancelled ...
    note: str = ""


CITIZENS = [
    DemoCitizen(
        "0101901234",
        "Mette Hansen",
        "dagpenge",
        "da",
        "koebenhavn",
        phone="+4520123401",
        email="mette@example.dk",
        meetings=("held", "upcoming"),
        note="must confirm job search; a meeting held and one coming",
    ),
    DemoCitizen(
        "0202851234",
        "Ahmad Al-Sayed",
        "kontanthjaelp_jobparat",
        "ar",
        "koebenhavn",
        phone="+4520123402",
        plan_versions=2,
        meetings=("cancelled", "upcoming_phone"),
        note="Arabic; a new plan to confirm; cancelled a meeting with a reason, a phone meeting coming",
    ),
    DemoCitizen(
        "0303951234",
        "Olena Kovalenko",
        "uddannelseshjaelp_aabenlyst",
        "uk",
        "koebenhavn",
        phone="+4520123403",
        email="olena@example.dk",
        plan_versions=1,
        claim_kr=1250,
        note="Ukrainian; a new plan to confirm; an invoice above the approval limit",
    ),
    DemoCitizen(
        "0404921234",
        "Sara Jensen",
        "dagpenge",
        "da",
        "roedovre",
        phone="+4520123404",
        exemption="parental_leave",
        meetings=("during_barsel",),
        note="on maternity leave (barsel): a missed meeting in it counts for nothing",
    ),
    DemoCitizen(
        "0505881234",
        "Peter Nielsen",
        "dagpenge",
        "da",
        "roedovre",
        phone="+4520123405",
        exemption="sickness",
        claim_kr=349,
        helper=DEMO_HELPER,
        note="reported sick, recovery overdue; an invoice to review; helped by his daughter",
    ),
    DemoCitizen(
        "0606701234",
        "Karen Møller",
        "kontanthjaelp_aktivitetsparat",
        "da",
        "roedovre",
        address="Islevbrovej 10, 2610 Rødovre",
        note="no phone or e-mail: letters only",
    ),
    DemoCitizen(
        "0707801234",
        "John Smith",
        "fleksjob",
        "en",
        "roedovre",
        email="john@example.com",
        note="English, e-mail only",
    ),
    DemoCitizen(
        "0808001234",
        "Fatima Hassan",
        "uddannelseshjaelp_uddannelsesparat",
        "ar",
        "koebenhavn",
        phone="+4520123408",
        plan_versions=1,
        note="Arabic, no job-search duty; plan not yet sent by post",
    ),
    DemoCitizen(
        "0909751234",
        "Ivan Petrenko",
        "ledighedsydelse",
        "uk",
        "koebenhavn",
        phone="+4520123409",
        meetings=("absent", "upcoming_video"),
        note="Ukrainian, no job-search duty; did not come to a meeting (follow-up list)",
    ),
    DemoCitizen(
        "1010851234",
        "Lars Berg",
        "dagpenge",
        "da",
        "koebenhavn",
        phone="+4520123410",
        missed_three_times=True,
        note="missed the deadline 3 times: on the follow-up list",
    ),
]


def load_demo_data(today: date | None = None) -> dict:
    """Create or refresh all demo rows and commit. Returns what a newcomer needs to log in."""
    today = today or date.today()
    jobcenters = {spec["code"]: _upsert_jobcenter(spec) for spec in JOBCENTERS}
    # One hash for all demo accounts (their password is public anyway): argon2 takes a quarter of
    # a second on purpose, and hashing and checking it per account took two to four seconds.
    password_hash = hash_password(DEMO_STAFF_PASSWORD)
    staff = [_upsert_staff(jc, role, password_hash) for jc in jobcenters.values() for role in STAFF_ROLES]
    citizens = [_upsert_citizen(spec, jobcenters[spec.jobcenter], today) for spec in CITIZENS]
    db.session.commit()
    caseworkers = {user.jobcenter_id: user for user in staff if user.role == "caseworker"}
    for spec, citizen in zip(CITIZENS, citizens, strict=True):
        _ensure_plan(citizen, spec.plan_versions, caseworkers[citizen.jobcenter_id])
        _ensure_claim(citizen, spec.claim_kr)
        _ensure_helper(citizen, spec.helper, today)
        _ensure_meetings(citizen, spec.meetings, caseworkers[citizen.jobcenter_id], today)
    db.session.commit()
    return {"staff": staff, "citizens": list(zip(CITIZENS, citizens, strict=True))}


def _upsert_jobcenter(spec: dict) -> Jobcenter:
    jobcenter = db.session.scalar(select(Jobcenter).where(Jobcenter.code == spec["code"]))
    if jobcenter is None:
        jobcenter = Jobcenter(code=spec["code"], settings={})
        db.session.add(jobcenter)
    for key in ("name", "phone", "email", "address"):
        setattr(jobcenter, key, spec[key])
    return jobcenter


def _upsert_staff(jobcenter: Jobcenter, role: str, password_hash: str) -> StaffUser:
    email = f"{role.replace('_', '')}@{jobcenter.code}.example.dk"
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
    if user is None:
        user = StaffUser(email=email)
        db.session.add(user)
    user.name = DEMO_STAFF_NAMES[jobcenter.code][role]
    user.role, user.jobcenter, user.active = role, jobcenter, True
    user.password_hash = password_hash  # a changed demo password is reset, as before
    return user


def _upsert_citizen(spec: DemoCitizen, jobcenter: Jobcenter, today: date) -> Citizen:
    citizen = db.session.scalar(select(Citizen).where(Citizen.cpr == spec.cpr))
    if citizen is None:
        citizen = Citizen(cpr=spec.cpr, registered_on=today - timedelta(days=30))
        db.session.add(citizen)
    now = utcnow()
    citizen.name, citizen.language, citizen.target_group = spec.name, spec.language, spec.target_group
    citizen.jobcenter, citizen.address = jobcenter, spec.address
    citizen.phone, citizen.phone_verified_at = spec.phone, now if spec.phone else None
    citizen.email, citizen.email_verified_at = spec.email, now if spec.email else None
    citizen.preferred_channel = "sms" if spec.phone else "email" if spec.email else "letter"
    db.session.flush()
    if spec.exemption:
        _ensure_exemption(citizen, spec.exemption, today)
    db.session.refresh(citizen, ["exemptions"])
    status = job_search.track(citizen, today)
    if spec.missed_three_times:
        _miss_three_times(citizen, status, today)
    return citizen


def _miss_three_times(citizen: Citizen, status: JobSearchStatus, today: date) -> None:
    """Two earlier misses (with extra days) and a third one 4 days ago, as the sweep records them."""
    for weeks_ago in (8, 5):
        due = today - timedelta(weeks=weeks_ago)
        if not db.session.scalar(
            select(JobSearchMiss.id).where(
                JobSearchMiss.citizen_id == citizen.id, JobSearchMiss.deadline_on == due
            )
        ):
            db.session.add(
                JobSearchMiss(citizen_id=citizen.id, due_on=due, deadline_on=due, stage_before="open")
            )
    due = today - timedelta(days=4)
    status.clock_started_on, status.due_on, status.deadline_on = due - timedelta(days=7), due, due
    status.stage, status.reminders_sent = "follow_up", 5


def _ensure_exemption(citizen: Citizen, kind: str, today: date) -> None:
    if any(e.kind == kind and e.covers(today) for e in citizen.exemptions):
        return
    ends_on = today + timedelta(days=120) if kind == "parental_leave" else None
    exemption = Exemption(citizen=citizen, kind=kind, starts_on=today - timedelta(days=10), ends_on=ends_on)
    db.session.add(exemption)
    if kind == "sickness":  # as if reported on the portal, with the expected return day passed
        db.session.add(
            SicknessReport(
                citizen=citizen,
                exemption=exemption,
                first_day=exemption.starts_on,
                expected_return_on=today - timedelta(days=2),
                actor_type="citizen",
                actor_id=citizen.id,
                actor_label=citizen.name,
            )
        )
    db.session.flush()
    audit.record_by(
        audit.Actor.system("demo data"), "exemption.created", citizen_id=citizen.id, obj=exemption, kind=kind
    )


def _ensure_claim(citizen: Citizen, kroner: int) -> None:
    """One invoice (a small generated PDF) waiting for the jobcenter's review."""
    if not kroner or db.session.scalar(select(Claim.id).where(Claim.citizen_id == citizen.id).limit(1)):
        return
    from fpdf import FPDF  # here: importing it costs every process 0.4 s (app/letters/pdf.py)

    invoice = FPDF()
    invoice.add_page()
    invoice.set_font("helvetica", size=14)
    invoice.cell(text=f"Faktura 2026-{citizen.id:04d} - DSB - {kroner},00 kr")
    upload = claims.keep_upload(citizen, "faktura.pdf", bytes(invoice.output()), utcnow())
    details = claims.ClaimDetails(
        "transport",
        kroner * 100,
        date.today() - timedelta(days=5),
        "DSB",
        f"2026-{citizen.id:04d}",
        "Månedskort til praktikken",
    )
    claims.submit(audit.Actor.of_citizen(citizen), citizen, details, [upload], utcnow())


def _ensure_helper(citizen: Citizen, helper: tuple[str, str] | None, today: date) -> None:
    """A relative who logs in with her own phone and may see, report sickness and hand in invoices."""
    if helper is None:
        return
    name, phone = helper
    person = mandates.helper_with_phone(phone, name, citizen.language)
    person.phone_verified_at = person.phone_verified_at or utcnow()
    if not db.session.scalar(select(Mandate.id).where(Mandate.helper_id == person.id).limit(1)):
        scopes = ["view", "report_sickness", "upload_claims"]
        db.session.add(
            Mandate(
                citizen=citizen,
                helper=person,
                scopes=scopes,
                status="active",
                origin="invitation",
                ends_on=default_end(today),
                created_at=utcnow(),
                accepted_at=utcnow(),
            )
        )
    db.session.commit()


DEMO_PLAN = [
    plan.PlanContent(
        goals="Du vil gerne have et fast job på et lager inden sommer.",
        job_search_requirements="Søg mindst 2 job om ugen. Hold dit CV opdateret på Jobnet.",
        contact_person="Kim Hansen, jobkonsulent, 33 66 33 66",
        activities=(
            plan.ActivityContent(
                "Truckkørekort",
                provider="AMU Hovedstaden",
                starts_on=None,
                hours_per_week=30,
                purpose="Mange lagre kræver truckcertifikat.",
                gain="Truckcertifikat B",
                is_duty=True,
            ),
        ),
    ),
    plan.PlanContent(
        goals="Du vil gerne have et fast job på et lager inden sommer.\nDu vil gerne blive bedre til dansk.",
        job_search_requirements="Søg mindst 2 job om ugen. Hold dit CV opdateret på Jobnet.",
        contact_person="Kim Hansen, jobkonsulent, 33 66 33 66",
        mentor="Aisha Karim, 20 30 40 50",
        activities=(
            plan.ActivityContent(
                "Truckkørekort",
                provider="AMU Hovedstaden",
                starts_on=None,
                hours_per_week=15,
                purpose="Mange lagre kræver truckcertifikat.",
                gain="Truckcertifikat B",
                is_duty=True,
            ),
            plan.ActivityContent(
                "Dansk på jobbet",
                provider="Sprogcenter København",
                starts_on=None,
                hours_per_week=6,
                purpose="Bedre dansk gør det lettere at få og holde et job.",
                is_duty=False,
            ),
        ),
    ),
]


def _ensure_plan(citizen: Citizen, versions: int, caseworker: StaffUser) -> None:
    """Publish the demo plan's versions once; the earlier ones confirmed, the last one waiting."""
    if versions == 0 or plan.current_version(citizen) is not None:
        return
    now = utcnow()
    for number in range(versions):
        content = DEMO_PLAN[min(number, len(DEMO_PLAN) - 1)]
        days_ago = 20 * (versions - 1 - number) + 1
        dated = [replace(a, starts_on=now.date() + timedelta(days=14)) for a in content.activities]
        version = plan.publish(
            caseworker, citizen, replace(content, activities=tuple(dated)), now - timedelta(days=days_ago)
        )
        if number < versions - 1 and plan.must_acknowledge(citizen):
            plan.acknowledge(audit.Actor.of_citizen(citizen), version, now - timedelta(days=days_ago - 1))


# Demo meetings: (days from today, form, status, what the citizen said).
DEMO_MEETINGS = {
    "upcoming": (6, "in_person", "booked", None),
    "upcoming_phone": (3, "phone", "booked", None),
    "upcoming_video": (9, "video", "booked", None),
    "held": (-20, "in_person", "held", None),
    "absent": (-7, "in_person", "absent", None),
    "cancelled": (-10, "in_person", "cancelled_by_citizen", ("sick_child", "another_day")),
    "during_barsel": (-5, "in_person", "absent", None),
}


def _ensure_meetings(citizen: Citizen, names: tuple[str, ...], caseworker: StaffUser, today: date) -> None:
    """The demo meetings, summoned 10 days before (on time); once per citizen."""
    if not names or db.session.scalar(select(Meeting.id).where(Meeting.citizen_id == citizen.id).limit(1)):
        return
    for name in names:
        days, form, status, answer = DEMO_MEETINGS[name]
        starts_at = danish_start(today + timedelta(days=days), time(10, 0))
        meeting = Meeting(
            citizen=citizen,
            caseworker=caseworker,
            kind="jobsamtale" if form == "in_person" else "opfoelgningssamtale",
            form=form,
            starts_at=starts_at,
            minutes=45,
            place=citizen.jobcenter.address if form == "in_person" else "",
            video_link="https://video.example.dk/m/demo" if form == "video" else "",
            agenda="Vi taler om dit CV og din jobsøgning. Medbring gerne dit CV.",
            status=status,
            deadline_on=today + timedelta(days=30),
            summoned_at=starts_at - timedelta(days=10),
            summons_by_post_at=starts_at - timedelta(days=10),
            actor_type="staff",
            actor_id=caseworker.id,
            actor_label=caseworker.name,
        )
        if answer:
            meeting.citizen_reason, meeting.citizen_wish = answer
            meeting.citizen_answered_at, meeting.citizen_answered_by = (
                starts_at - timedelta(days=1),
                citizen.name,
            )
        db.session.add(meeting)
