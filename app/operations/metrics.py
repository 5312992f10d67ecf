"""Prometheus metrics at /metrics, for the operator's monitoring only.

Counters and histograms are kept by the process that does the work (gunicorn's processes count
requests, the worker counts what it sends). With PROMETHEUS_MULTIPROC_DIR set, every process
writes its numbers to a file in that folder and /metrics adds them up, so any process answers
for all of them. What the database knows (the outbox, the workers' heartbeats and sweeps) is
read from it at each scrape, so it is right whichever machine the worker runs on.
"""

import glob
import hmac
import ipaddress
import os
import socket
from datetime import datetime

from flask import Blueprint, Response, abort, current_app, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import values as prometheus_values
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select

from app.access import ACCESS_ATTRIBUTE
from app.extensions import db
from app.models import Message, WorkerHeartbeat
from app.models.message import SENDABLE
from app.models.types import utcnow

MULTIPROCESS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if MULTIPROCESS_DIR:
    os.makedirs(MULTIPROCESS_DIR, exist_ok=True)

    # Files are named by process id; the web and worker containers sharing the folder each have
    # their own process 7, so the host name (a container's id) goes into the name too.
    def _process_identifier() -> str:
        return f"{socket.gethostname()}-{os.getpid()}".replace("_", "-")

    prometheus_values.ValueClass = prometheus_values.MultiProcessValue(_process_identifier)

REQUESTS = Counter(
    "borgerportal_http_requests_total",
    "Requests answered, by route and status",
    ["endpoint", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "borgerportal_http_request_duration_seconds",
    "Time to answer a request, by route",
    ["endpoint"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
RATE_LIMITED = Counter(
    "borgerportal_rate_limit_refusals_total", "Requests refused by a rate limit (429), by route", ["endpoint"]
)
SENT = Counter("borgerportal_messages_sent_total", "Messages handed to a provider", ["channel"])
PROVIDER_ERRORS = Counter(
    "borgerportal_provider_errors_total", "Failed tries to hand a message over", ["channel", "kind"]
)
FALLBACKS = Counter(
    "borgerportal_message_fallbacks_total",
    "Messages moved to another channel after a failure",
    ["to_channel"],
)
CODE_LATENCY = Histogram(
    "borgerportal_code_latency_seconds",
    "From queueing a login code to handing it to the provider",
    ["channel"],
    buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600),
)
JOB_SECONDS = Histogram(
    "borgerportal_job_duration_seconds",
    "Worker jobs: sending rounds and sweeps",
    ["job", "outcome"],
    buckets=(0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600),
)
CODE_PURPOSES = ("login_code",)


def request_finished(endpoint: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(endpoint, method, str(status)).inc()
    REQUEST_SECONDS.labels(endpoint).observe(seconds)
    if status == 429:
        RATE_LIMITED.labels(endpoint).inc()


def message_attempt(message: Message, outcome: str) -> None:
    """Called by the outbox for every attempt it records."""
    if outcome == "sent":
        SENT.labels(message.channel).inc()
        if message.purpose in CODE_PURPOSES:
            CODE_LATENCY.labels(message.channel).observe((utcnow() - message.created_at).total_seconds())
    elif outcome in ("failed_temporary", "failed_permanent"):
        PROVIDER_ERRORS.labels(message.channel, outcome.removeprefix("failed_")).inc()
    elif outcome == "fallback":
        FALLBACKS.labels(message.channel).inc()


def job_finished(job: str, outcome: str, seconds: float) -> None:
    JOB_SECONDS.labels(job, outcome).observe(seconds)


bp = Blueprint("operations_metrics", __name__)


@bp.get("/metrics")
def metrics():
    if not _may_read_metrics():
        abort(403)
    body = generate_latest(_process_registry()) + generate_latest(_database_registry())
    return Response(body, content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


setattr(metrics, ACCESS_ATTRIBUTE, "metrics-token")


def _may_read_metrics() -> bool:
    """With the bearer token METRICS_TOKEN, or from an address in METRICS_ALLOW_FROM."""
    token = current_app.config["METRICS_TOKEN"]
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and hmac.compare_digest(given.encode(), token.encode()):
        return True
    try:
        client = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(client in network for network in _allowed_networks(current_app.config["METRICS_ALLOW_FROM"]))


def _allowed_networks(setting: str) -> list:
    return [ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip()]


def _process_registry():
    if not MULTIPROCESS_DIR:
        return REGISTRY
    registry = CollectorRegistry()
    StartedProcessesCollector(registry, path=MULTIPROCESS_DIR)
    return registry


class StartedProcessesCollector(MultiProcessCollector):
    """prometheus_client's collector of every process's file, without the files still empty: a
    process that is starting creates its file and fills it a moment later, and reading it then
    failed the whole scrape with a 500 (CI saw it while a worker started)."""

    def collect(self):
        files = [path for path in glob.glob(f"{self._path}/*.db") if _filled(path)]
        return self.merge(files, accumulate=True)


def _filled(path: str) -> bool:
    try:
        return os.path.getsize(path) > 0
    except OSError:  # its process ended and removed it meanwhile
        return False


def _database_registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(utcnow()))
    return registry


class DatabaseCollector:
    """Gauges read from the database at each scrape: the same on every instance."""

    def __init__(self, now: datetime):
        self.now = now

    def collect(self):
        yield self._outbox_depth()
        yield self._oldest_due()
        yield from self._workers()

    def _outbox_depth(self) -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "borgerportal_outbox_messages",
            "Messages not yet sent (letters wait in the print queue), by status, channel and priority",
            labels=["status", "channel", "priority"],
        )
        columns = (Message.status, Message.channel, Message.priority)
        query = (
            select(*columns, func.count())
            .where(Message.status.in_((*SENDABLE, "sending")))
            .group_by(*columns)
        )
        for status, channel, priority, count in db.session.execute(query):
            family.add_metric([status, channel, str(priority)], count)
        return family

    def _oldest_due(self) -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "borgerportal_outbox_oldest_due_age_seconds",
            "How long the oldest message that is due has waited, by priority (0: someone waits for it)",
            labels=["priority"],
        )
        oldest = dict(
            db.session.execute(
                select(Message.priority, func.min(Message.next_attempt_at))
                .where(
                    Message.status.in_(SENDABLE),
                    Message.channel != "letter",
                    Message.next_attempt_at <= self.now,
                )
                .group_by(Message.priority)
            ).all()
        )
        for priority in (0, 1):
            due_since = oldest.get(priority)
            family.add_metric([str(priority)], _age(self.now, due_since) if due_since else 0.0)
        return family

    def _workers(self):
        latest = db.session.execute(
            select(func.max(WorkerHeartbeat.last_seen_at), func.max(WorkerHeartbeat.last_sweep_at))
        ).one()
        seen, swept = latest
        yield _timestamp(
            "borgerportal_worker_last_seen_timestamp_seconds", "When a worker last looked for work", seen
        )
        yield _timestamp(
            "borgerportal_sweep_last_success_timestamp_seconds", "When a sweep last succeeded", swept
        )
        duration = db.session.scalar(
            select(WorkerHeartbeat.last_sweep_seconds).order_by(WorkerHeartbeat.last_sweep_at.desc()).limit(1)
        )
        yield GaugeMetricFamily(
            "borgerportal_sweep_last_duration_seconds",
            "How long the last successful sweep took",
            value=duration or 0,
        )


def _age(now: datetime, then: datetime) -> float:
    return max((now - then).total_seconds(), 0.0)


def _timestamp(name: str, documentation: str, moment: datetime | None) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=moment.timestamp() if moment else 0)
