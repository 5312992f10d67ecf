"""Links in the mandates' messages. What a helper did is told to the citizen by the kernel, with
the case event itself (app/cases.py, record_event).
"""

from flask import current_app


def portal_link(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path
