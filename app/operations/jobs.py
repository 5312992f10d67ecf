"""A worker job (a sending round, a sweep) logged as one JSON line and timed for /metrics."""

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from app.operations import metrics
from jsonlog import FIELDS

log = logging.getLogger("borgerportal.worker")
# The worker's main loop ("send") and its code lane ("send_codes") run every few seconds: a round
# that sent nothing is logged at DEBUG only.
SENDING_JOBS = ("send", "send_codes")


@dataclass
class Job:
    name: str
    fields: dict = field(default_factory=dict)  # what the job reports: counts, never content
    seconds: float = 0.0


@contextmanager
def job(name: str):
    """Time the block; log it (an idle sending round only at DEBUG) and count it."""
    running, started = Job(name), time.perf_counter()
    try:
        yield running
    except Exception:
        running.seconds = time.perf_counter() - started
        metrics.job_finished(name, "failed", running.seconds)
        log.exception("%s failed", name, extra={FIELDS: _line(running, "failed")})
        raise
    running.seconds = time.perf_counter() - started
    metrics.job_finished(name, "ok", running.seconds)
    idle = name in SENDING_JOBS and not running.fields.get("messages")
    log.log(logging.DEBUG if idle else logging.INFO, "%s done", name, extra={FIELDS: _line(running, "ok")})


def _line(running: Job, outcome: str) -> dict:
    return {
        "event": "job",
        "job": running.name,
        "outcome": outcome,
        "duration_ms": round(running.seconds * 1000, 1),
        **running.fields,
    }
