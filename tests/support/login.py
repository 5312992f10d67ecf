"""Log a citizen in through the real pages, reading the code from what the Twilio stub got."""

import re

from app.notifications import worker
from tests.support.forms import submit


def last_code(twilio) -> str:
    return re.search(r"\b(\d{6})\b", twilio.received[-1].body).group(1)


def request_code(client, cpr: str, channel: str = "sms", next_page: str | None = None):
    path = "/log-ind" + (f"?next={next_page}" if next_page else "")
    return submit(client, path, {"cpr": cpr, "channel": channel})


def log_in(client, twilio, citizen, next_page: str | None = None):
    request_code(client, citizen.cpr, next_page=next_page)
    worker.run_once()
    return submit(client, "/log-ind/kode", {"code": last_code(twilio)})


def staff_log_in(client, smtp, staff, password: str = "secret-password"):
    """Log staff in with e-mail, password and the code that arrives by e-mail."""
    submit(client, "/medarbejder/log-ind", {"email": staff.email, "password": password})
    worker.run_once()
    code = re.search(r"\b(\d{6})\b", smtp.messages[-1].get_content()).group(1)
    return submit(client, "/medarbejder/log-ind/kode", {"code": code})
