"""JSON lines on stdout, for the portal, its worker and gunicorn (gunicorn.conf.py imports this
without importing the app, so it stays free of Flask and the project's packages).

A line is one JSON object: ts, level, logger, msg, and the fields a caller passed with
`extra={"fields": {...}}` (request id, user kind, status ...). Callers never pass a CPR number,
code, token or message text; paths are redacted before they get here (app/operations/logs.py).
"""

import json
import logging
import sys
from datetime import UTC, datetime

FIELDS = "fields"  # the `extra` key that carries a line's own fields


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            **getattr(record, FIELDS, {}),
        }
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class StdoutHandler(logging.StreamHandler):
    """Writes to whatever sys.stdout is at the moment (a test's captured stream included)."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, _value):
        pass


def first_segment_only(path: str) -> str:
    """For a path no route of the portal matched (so its secrets are unknown): '/j/…'."""
    head, _, rest = path.lstrip("/").partition("/")
    return f"/{head}/…" if rest else f"/{head}"
