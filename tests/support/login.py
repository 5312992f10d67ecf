"""Log a citizen in through the real pages, reading the code from what the Twilio stub got; or,
for tests about what comes after logging in, sign in directly (`signed_in_as`)."""

import re
import tempfile
from pathlib import Path

from app.auth.session_timeout import session_values_for
from app.extensions import db
from app.models.types import utcnow
from app.notifications import worker
from tests.support.forms import submit
from tests.support.poppler import poppler

CODE = re.compile(r"\b(\d{6})\b")
OPEN_CODE = re.compile(r"\b(\d{5} \d{5})\b")  # letters and codes sent by staff: 10 digits


def last_code(twilio) -> str:
    return CODE.search(twilio.received[-1].body).group(1)


def send_and_read_code(twilio, phone: str) -> str:
    """Let the worker send what is queued and read the code from the SMS to `phone` that has one.

    Not simply the last SMS: a code goes out before any reminder queued in the same round."""
    before = len(twilio.received)
    worker.run_once()
    return next(
        found.group(1)
        for sms in twilio.received[before:]
        if sms.to == phone and (found := CODE.search(sms.body))
    )


def request_code(client, cpr: str, channel: str = "sms", next_page: str | None = None):
    path = "/log-ind" + (f"?next={next_page}" if next_page else "")
    return submit(client, path, {"cpr": cpr, "channel": channel})


def log_in(client, twilio, citizen, next_page: str | None = None):
    request_code(client, citizen.cpr, next_page=next_page)
    return submit(client, "/log-ind/kode", {"code": send_and_read_code(twilio, citizen.phone)})


def code_in_pdf(pdf: bytes) -> str | None:
    """The 10-digit code printed in a letter PDF, read back with pdftotext (None: no code)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "letter.pdf"
        path.write_bytes(pdf)
        found = OPEN_CODE.search(poppler("pdftotext", str(path), "-"))
    return found.group(1) if found else None


def staff_log_in(client, smtp, staff, password: str = "secret-password"):
    """Log staff in with e-mail, password and the code that arrives by e-mail."""
    submit(client, "/medarbejder/log-ind", {"email": staff.email, "password": password})
    worker.run_once()
    code = re.search(r"\b(\d{6})\b", smtp.messages[-1].get_content()).group(1)
    return submit(client, "/medarbejder/log-ind/kode", {"code": code})


def signed_in_as(client, user) -> None:
    """Sign `user` (a citizen or staff) in on `client` with the session the login pages leave:
    a fresh one, with the server's row, keeping only the language. For tests about what comes
    after logging in; logging in itself is tested through the pages (tests/auth, tests/staff).
    It saves each such test the pages, the code by SMS or e-mail and the password hash: about
    0.13 s of CPU for a citizen, 0.36 s for staff (measured)."""
    with client.session_transaction() as session:
        language = session.get("lang")
        session.clear()
        session.update(session_values_for(user.get_id(), utcnow()))
        if language:
            session["lang"] = language
    db.session.commit()
