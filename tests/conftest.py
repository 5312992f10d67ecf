"""Shared fixtures: an app with a clean database per test, on SQLite or PostgreSQL.

The database comes from TEST_DATABASE_URL (scripts/with-postgres.sh sets it); without it,
each test gets a fresh in-memory SQLite database. On PostgreSQL each xdist worker gets a
database of its own, created once and emptied after every test.
"""

import os
import sqlite3
from contextlib import contextmanager

import authlib.deprecate  # noqa: F401  (see the comment below)
import pytest
import sqlalchemy as sa
from flask import g
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db
from app.operations import heartbeat
from tests.support.shared_caches import share_caches_between_apps

BASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")

# Authlib, when first imported, puts an "always show" filter for its deprecation warnings in
# front of all others. Imported here, before pytest applies pyproject.toml's filterwarnings, the
# ignores there for the test OIDC provider still win; the app itself imports Authlib only at a
# MitID login (app/auth/mitid.py), which would be during the collection of the MitID tests.


def pytest_configure(config):
    share_caches_between_apps()


# The modules whose tests take longest (each 15 s to 3 min on a loaded two-core machine: they
# start gunicorn, PostgreSQL or Redis, or simulate weeks), longest first. They run before the
# rest, so that with `-n 3 --maxschedchunk 2` (make test) the workers share them and then
# the short tests, and finish together, instead of one waiting for the other's last long test.
LONGEST_FIRST = (
    "tests/operations/test_first_start.py",
    "tests/job_search/test_ten_week_simulation.py",
    "tests/test_limits_across_processes.py",
    "tests/test_fuzzing.py",
    "tests/test_deployment.py",
    "tests/claims/test_hostile_uploads_served.py",
    "tests/test_config.py",
    "tests/auth/test_code_race.py",
    "tests/operations/test_metrics.py",
    "tests/test_error_states.py",
    "tests/notifications/test_worker_killed.py",
    "tests/test_database_down.py",
    "tests/operations/test_logs.py",
    "tests/test_multi_instance.py",
    "tests/job_search/test_first_views_served.py",
    "tests/staff/test_search_by_post.py",
    "tests/test_serving.py",
    "tests/test_demo.py",
)


def pytest_collection_modifyitems(items):
    _longest_first(items)
    _run_engine_independent_once(items)


def _longest_first(items) -> None:
    """Sorted in place and stably: the other tests keep the order they were collected in."""
    rank = {module: n for n, module in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


def _run_engine_independent_once(items) -> None:
    """A test marked engine_independent checks the same thing in the PostgreSQL phase: it runs in
    the SQLite one only. Two kinds qualify: a test that never reads TEST_DATABASE_URL (its own
    SQLite file, its own cluster, no database at all), and one that uses the `app` fixture but
    sends it no SQL (no_sql_if_engine_independent checks that). Anything that reads or writes a
    row, locks, relies on constraints, order or migrations stays unmarked and runs on both."""
    if is_postgres():
        once = pytest.mark.skip(reason="engine_independent: it ran in the SQLite phase")
        for item in items:
            if item.get_closest_marker("engine_independent"):
                item.add_marker(once)


def is_postgres() -> bool:
    return BASE_URL.startswith("postgresql")


def database_url_for(worker: str, purpose: str = "app") -> str:
    """A database of this worker's own on PostgreSQL (created if missing); SQLite in memory otherwise."""
    if not is_postgres():
        return "sqlite://"
    name = f"bp_{purpose}_{worker}"
    engine = sa.create_engine(BASE_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return sa.engine.make_url(BASE_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def worker_id_safe(request) -> str:
    return getattr(request.config, "workerinput", {}).get("workerid", "main")


@pytest.fixture(scope="session")
def database_url(worker_id_safe) -> str:
    return database_url_for(worker_id_safe)


class FreshRequestClient(FlaskClient):
    """Tests hold an app context so they can use the database between requests. Flask then
    reuses that context, and its `g` (current user, CSRF token, locale), for every request;
    a real server never does. Empty `g` before each request so each one starts clean."""

    def open(self, *args, **kwargs):
        g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture
def app(request, database_url, tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, UPLOAD_DIR=str(tmp_path / "uploads"))
    app.test_client_class = FreshRequestClient
    with app.app_context():
        create_tables()
        forget_the_last_heartbeat()
        with no_sql_if_engine_independent(request.node):
            yield app
        db.session.remove()
        if is_postgres():  # an in-memory SQLite database goes with its app
            empty_all_tables()


@contextmanager
def no_sql_if_engine_independent(item):
    """The rule for marking a test that uses the `app` fixture engine_independent: it sends no SQL
    at all to the test database (it renders texts, or pages that read no row, or reads files), so
    PostgreSQL could not answer differently. Checked here in the SQLite phase: a marked test that
    starts reading rows fails, instead of silently losing its PostgreSQL run."""
    if not item.get_closest_marker("engine_independent"):
        yield
        return
    statements = []

    def count(connection, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert not statements, f"marked engine_independent, yet it sent SQL: {statements[:3]}"


def forget_the_last_heartbeat() -> None:
    """A worker writes its heartbeat at most every 5 s per process (app/operations/heartbeat.py).
    Each test has a new database: a beat written into an earlier test's does not count. (Without
    this, a test that ran the worker less than 5 s before made the next one see no heartbeat.)"""
    heartbeat._last_beat.update(at=float("-inf"), pid=None)


def create_tables() -> None:
    """The models' tables in the app's database, the cheap way: on PostgreSQL they stay from the
    test before (emptied) unless a test dropped them; a new in-memory SQLite database is copied
    from one made once per process (create_all's DDL cost 20 ms of CPU in every test)."""
    if is_postgres():
        if not _every_table_exists():
            db.create_all()
        return
    global _sqlite_template
    if _sqlite_template is None:
        db.create_all()
        _sqlite_template = sqlite3.connect(":memory:", check_same_thread=False)
        with db.engine.connect() as connection:
            connection.connection.driver_connection.backup(_sqlite_template)
        return
    with db.engine.connect() as connection:
        _sqlite_template.backup(connection.connection.driver_connection)


_sqlite_template: sqlite3.Connection | None = None


def _every_table_exists() -> bool:
    """One query instead of create_all's one per table and index (a test may drop them all)."""
    names = {table.name for table in db.metadata.sorted_tables}
    return names <= set(sa.inspect(db.engine).get_table_names())


def empty_all_tables() -> None:
    """Every table emptied in one round trip: one DELETE per table, children first, sent to
    PostgreSQL as one script. Measured per test on PostgreSQL 15 (31 tables, a few rows): a DELETE
    per table sent one by one cost 10-15 ms of CPU (client and server) and 36-160 ms of wall on a
    loaded machine; one TRUNCATE of all tables 36 ms of server CPU; this script 2.5 ms of CPU and
    6-8 ms of wall."""
    preparer = db.engine.dialect.identifier_preparer
    deletes = [f"DELETE FROM {preparer.format_table(t)}" for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # sqlite3 runs one statement per execute; in-process there is no round trip to save.
            for delete in deletes:
                connection.exec_driver_sql(delete)
        else:
            connection.exec_driver_sql("; ".join(deletes))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cli(app):
    return app.test_cli_runner()
