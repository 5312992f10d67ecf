"""The periodic jobs are declared once (features register them, app/periodic.py), run by both
`flask worker` and `flask reminders run`, and on PostgreSQL by one worker at a time: two workers
due at once sweep once, never side by side (before, both swept and collided on the misses'
unique key)."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import periodic
from app.extensions import db
from app.models import WorkerHeartbeat
from app.models.types import utcnow
from app.notifications import worker
from tests.conftest import is_postgres
from tests.support.portal_server import production_env
from tests.support.workers import start_worker, wait_for

REMINDER_JOBS = [
    "job_search_reminders",
    "plan_reminders",
    "recovery_reminders",
    "helper_access_notices",
    "meeting_reminders",
]
# The other jobs of each sweep: clean-ups, and building the large copies of all data asked for.
CLEAN_UPS = [
    "abandoned_uploads",
    "ended_sessions",
    "expired_rate_counters",
    "retention",
    "data_exports",
    "old_login_rows",
]
FEATURES = {
    *(
        "account",
        "auth",
        "citizens",
        "claims",
        "job_search",
        "mandates",
        "meetings",
        "plan",
        "rights",
        "sickness",
    ),
    "staff",
}
WORKER = Path(__file__).resolve().parents[2] / "app" / "notifications" / "worker.py"

only_postgres = pytest.mark.skipif(not is_postgres(), reason="advisory locks are PostgreSQL's")


@pytest.fixture
def probe(app):
    """A job registered the way a feature registers one; it notes when it ran."""
    runs = []
    periodic.register("probe", runs.append)
    yield runs
    periodic._registry.pop("probe")


def test_the_features_register_their_jobs_reminders_first(app):
    assert [job.name for job in periodic.registered()] == REMINDER_JOBS + CLEAN_UPS
    assert [job.name for job in periodic.registered(reminders_only=True)] == REMINDER_JOBS


def test_the_worker_sweep_runs_every_registered_job(app, probe):
    now = utcnow()
    results = worker.sweep_reminders(now)
    assert list(results) == REMINDER_JOBS + CLEAN_UPS + ["probe"] and probe == [now]
    assert worker.run_cycle(now + timedelta(minutes=5)) == 0 and len(probe) == 2


def test_flask_worker_once_and_reminders_run_read_the_same_registry(app, cli, probe):
    reminders = cli.invoke(args=["reminders", "run"])
    assert reminders.exit_code == 0, reminders.output
    assert [line.split(":")[0] for line in reminders.output.splitlines()] == REMINDER_JOBS
    assert "missed deadlines 0" in reminders.output and probe == [], "clean-ups are the worker's"
    once = cli.invoke(args=["worker", "--once"])
    assert once.exit_code == 0, once.output
    assert len(probe) == 1


def test_the_worker_imports_no_feature_to_know_its_jobs():
    tree = ast.parse(WORKER.read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    packages = {module.split(".")[1] for module in imported if module.startswith("app.")}
    assert packages & FEATURES <= {"auth"}, "only login codes: turning requests into messages"


@only_postgres
def test_a_worker_skips_the_sweep_while_another_holds_the_lock(app, probe):
    with periodic.one_at_a_time() as first:
        assert first
        assert worker.sweep_unless_another_worker_does(timedelta(minutes=2)) is False
        assert probe == []
    assert worker.sweep_unless_another_worker_does(timedelta(minutes=2)) is True
    assert len(probe) == 1
    assert worker.sweep_unless_another_worker_does(timedelta(minutes=2)) is False, "just swept"
    assert worker.sweep_unless_another_worker_does(timedelta(0)) is True


@only_postgres
def test_two_workers_due_at_once_sweep_once(app, database_url, tmp_path):
    env = production_env(tmp_path, DATABASE_URL=database_url, REMINDER_SWEEP_SECONDS="3600")
    workers = [start_worker(env, tmp_path / f"worker-{n}.log") for n in (1, 2)]
    try:
        decided = lambda w: w.jobs("sweep") or w.said("sweep left")  # noqa: E731
        wait_for(lambda: all(decided(w) for w in workers), 90, "both workers to sweep or skip")
    finally:
        for each in workers:
            each.stop()
    sweeps = [len(w.jobs("sweep")) for w in workers]
    assert sorted(sweeps) == [0, 1], sweeps
    assert [w.said("sweep left to another worker") for w in workers].count(True) == 1
    db.session.remove()
    swept = WorkerHeartbeat.last_sweep_at.is_not(None)
    assert db.session.scalar(select(func.count()).select_from(WorkerHeartbeat).where(swept)) == 1
