"""CPU time of PDF letters: a Danish letter, an Arabic letter, and the copy of all data of a citizen
with a year of history (52 job-search confirmations, 52 reminders, 156 case events).

Run: .venv/bin/python bench/letters.py [--repeats 5]
"First" is the first render of each kind in the process (the first letter reads the fonts);
"then" is the mean of the renders after it: what a long-running worker or test process pays.
CPU seconds (time.process_time), so other processes on the machine matter less than to wall time.
"""

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.letters.pdf import Letter, render_letter  # noqa: E402
from app.models import AuditEvent, Citizen, Jobcenter, JobSearchConfirmation, Message  # noqa: E402
from app.models.types import utcnow  # noqa: E402
from app.rights.export import export_zip  # noqa: E402
from bench.scratch import scratch_dir  # noqa: E402

DANISH = Letter(
    language="da",
    sender_lines=["Jobcenter København", "Nyropsgade 1", "1602 København V", "Telefon 33 17 33 17"],
    recipient_lines=["Søren Ærø Åberg", "Østerbrogade 112, 3. th.", "2100 København Ø"],
    date_text="23. november 2026",
    title="Din engangskode til Borgerportal",
    paragraphs=[
        "Her er din engangskode til Borgerportal. Brug den sammen med dit CPR-nummer før 7. december.",
        "Har du ikke bedt om dette brev, så ring til jobcentret på 33 17 33 17.",
        "Med venlig hilsen\nJobcenter København",
    ],
    highlight="482913",
)
ARABIC = Letter(
    language="ar",
    sender_lines=["مركز التوظيف في كوبنهاغن", "Nyropsgade 1", "1602 København V", "الهاتف 33 17 33 17"],
    recipient_lines=["Ahmed Hansen", "Nørrebrogade 45, 2. tv.", "2200 København N"],
    date_text="23 نوفمبر 2026",
    title="رمزك لمرة واحدة لبوابة المواطن",
    paragraphs=[
        "هذا هو رمزك لمرة واحدة لبوابة المواطن Borgerportal. استخدمه مع رقم CPR الخاص بك.",
        "إذا لم تطلب هذه الرسالة، فاتصل بمركز التوظيف على الرقم 33 17 33 17.",
        "مع أطيب التحيات\nمركز التوظيف في كوبنهاغن",
    ],
    highlight="482913",
)


def cpu_seconds(work, repeats: int) -> tuple[float, float]:
    """(first run, mean of the runs after it) in CPU seconds."""
    times = []
    for _ in range(repeats + 1):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return times[0], sum(times[1:]) / repeats


def citizen_with_a_year_of_history() -> Citizen:
    jobcenter = Jobcenter(code="bench", name="Jobcenter Bench", address="Vej 1\n1000 København", settings={})
    citizen = Citizen(
        jobcenter=jobcenter,
        cpr="0101901234",
        name="Søren Ærø Åberg",
        address="Østerbrogade 112, 3. th.\n2100 København Ø",
        phone="+4520123456",
        language="da",
        target_group="dagpenge",
        registered_on=date(2025, 11, 3),
    )
    db.session.add(citizen)
    db.session.flush()
    for week in range(52):
        _add_week(citizen, date(2025, 11, 10) + timedelta(weeks=week))
    db.session.commit()
    return citizen


def _add_week(citizen: Citizen, due_on: date) -> None:
    db.session.add(
        JobSearchConfirmation(
            citizen_id=citizen.id,
            due_on=due_on,
            confirmed_on=due_on,
            channel="web",
            confirmed_at=utcnow(),
            actor_type="citizen",
            actor_id=citizen.id,
            actor_label=citizen.name,
        )
    )
    db.session.add(
        Message(
            citizen_id=citizen.id,
            purpose="job_search_reminder",
            channel="sms",
            language="da",
            recipient=citizen.phone,
            body=f"Husk at bekræfte din jobsøgning senest {due_on:%d.%m.%Y}. Svar JA på denne SMS.",
            status="delivered",
        )
    )
    for action in ("job_search.confirmed", "plan.viewed", "message.read"):
        db.session.add(
            AuditEvent(
                actor_type="citizen",
                actor_id=citizen.id,
                actor_label=citizen.name,
                citizen_id=citizen.id,
                action=action,
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    import app.letters.layout  # noqa: F401  (fpdf's own import, 0.4 s, is not what is measured)

    for name, letter in (("Danish letter", DANISH), ("Arabic letter", ARABIC)):
        first, then = cpu_seconds(lambda letter=letter: render_letter(letter), repeats)
        print(f"{name}: first {first:.3f} CPU s, then {then:.3f} CPU s each")
    folder = scratch_dir("letters")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite")
    with app.app_context():
        db.create_all()
        citizen = citizen_with_a_year_of_history()
        first, then = cpu_seconds(lambda: export_zip(citizen, citizen.language), repeats)
        print(f"Data copy, a year of history: first {first:.3f} CPU s, then {then:.3f} CPU s each")


if __name__ == "__main__":
    main()
