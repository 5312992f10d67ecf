"""CPU time of PDF letters: a Danish letter, an Arabic letter, and the copy of all data of a citizen
with a year of history (tests/support/history.py: 52 confirmations, 200 messages, 20 invoices).

Run: .venv/bin/python bench/letters.py [--repeats 5]
"First" is the first render of each kind in the process (the first letter reads the fonts);
"then" is the mean of the renders after it: what a long-running worker or test process pays.
CPU seconds (time.process_time), so other processes on the machine matter less than to wall time.
"""

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.letters.pdf import render_letter  # noqa: E402
from app.models import Citizen, Jobcenter  # noqa: E402
from app.rights.export import export_zip  # noqa: E402
from bench.scratch import scratch_dir  # noqa: E402
from tests.letters.test_pdf import LETTERS  # noqa: E402  (the letters the tests check)
from tests.support.history import a_year_of_history  # noqa: E402


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
    a_year_of_history(citizen)
    db.session.commit()
    return citizen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    import app.letters.layout  # noqa: F401  (fpdf's own import, 0.4 s, is not what is measured)

    for name, letter in (("Danish letter", LETTERS["da"]), ("Arabic letter", LETTERS["ar"])):
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
