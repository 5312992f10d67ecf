"""Every value an audit event stores is shown as a translated label, on the citizen's activity
page and on the staff citizen page; none is shown raw (issue 17: "(passport)"), and the
sentences are true whoever reads them (no "you" on the staff page)."""

import ast
import re
from datetime import date, timedelta
from pathlib import Path

from flask_babel import force_locale

from app.account.event_facts import event_facts, fact_table
from app.audit import Actor
from app.extensions import db
from app.job_search import services as job_search
from app.models import AuditEvent
from app.models.types import utcnow
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.forms import csrf_token, submit
from tests.support.login import log_in, staff_log_in

APP = Path(__file__).resolve().parents[2] / "app"
NOT_DETAILS = {"actor_type", "actor_id", "actor_label", "citizen_id", "obj", "also_tell", "commit", "note"}


def test_the_id_staff_checked_and_the_exemption_read_as_words(app, client, smtp, twilio):
    jobcenter = make_jobcenter()
    citizen = make_citizen(jobcenter, name="Mette Hansen", phone="+4520333333")
    staff = make_staff(jobcenter, "caseworker", name="Kim Larsen")
    db.session.commit()
    job_search.add_exemption(
        Actor.of_staff(staff), citizen, "sickness", date(2029, 12, 3), date(2029, 12, 14), utcnow()
    )
    staff_log_in(client, smtp, staff)
    page = f"/medarbejder/borger/{citizen.id}"
    fields = {"contact-phone": "20 44 44 44", "contact-email": "", "contact-id_seen": "passport"}
    submit(client, f"{page}/kontakt", fields, form_page=page)
    staff_page = client.get(page + "?lang=da").get_data(as_text=True)
    start = staff_page.index("Aktivitet i sagen")
    activity = re.sub(r"<[^>]+>", "", staff_page[start : staff_page.index("</ul>", start)])
    assert "Kontaktoplysninger ændret af jobcentret · Kim Larsen · Legitimation kontrolleret: Pas" in activity
    assert "Type: Sygdom · 3. december 2029 til 14. december 2029" in activity
    assert "passport" not in activity and "sickness" not in activity and "2029-12" not in activity
    assert not re.search(r"\b(din|dine|dig|du)\b", activity, re.I), "the staff page speaks of the citizen"

    client.post("/log-ud", data={"csrf_token": csrf_token(client, "/medarbejder/")})
    citizen.phone = "+4520444444"
    db.session.commit()
    log_in(client, twilio, citizen)
    mine = client.get("/min-side/aktivitet?lang=ar").get_data(as_text=True)
    assert "الهوية التي تم التحقق منها: جواز السفر" in mine
    assert "passport" not in mine and "sickness" not in mine


def test_every_detail_the_app_audits_has_a_sentence_or_is_deliberately_not_shown(app):
    FACTS = fact_table()  # the shared sentences and those the features plug in  # noqa: N806
    recorded = set()
    for path in APP.rglob("*.py"):
        source = path.read_text()
        if "import audit" not in source:  # another module's _record is not an audit call
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and _audit_call(node):
                recorded |= {keyword.arg for keyword in node.keywords if keyword.arg}
    assert recorded - NOT_DETAILS - set(FACTS) == set()
    assert {"id_seen", "kind", "channel", "amount_ore", "scopes"} <= recorded  # the scan sees the calls


def _audit_call(node: ast.Call) -> bool:
    function = node.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    return name in ("record", "record_by", "_audit", "_record", "_audit_decision")


def test_no_fact_repeats_a_stored_code_or_date(app):
    citizen = make_citizen(make_jobcenter())
    actor = Actor.of_citizen(citizen)
    db.session.commit()
    job_search.confirm(citizen, "web", actor, utcnow())
    today = date.today()
    job_search.add_exemption(actor, citizen, "holiday", today + timedelta(days=30), None, utcnow())
    events = list(db.session.scalars(db.select(AuditEvent)))
    assert len(events) >= 2
    for language in ("da", "en", "ar", "uk"):
        with force_locale(language):
            for event in events:
                text = " ".join(event_facts(event))
                for value in event.details.values():
                    if isinstance(value, str) and value:
                        assert value not in text, f"{event.action}: {value!r} shown raw in {language}"
