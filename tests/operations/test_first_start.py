"""A new operator follows README "Deploying" on the production configuration: migrate a fresh
database, add the first jobcenter and admin from the command line, and the admin sets a password
with the printed link and logs in (through gunicorn, the code by e-mail, sent by the worker)."""

import re

import pytest
import sqlalchemy as sa

from tests.conftest import database_url_for, is_postgres
from tests.support.portal_server import flask, production_env, start_portal
from tests.support.smtp_server import start_smtp_server

LINK = re.compile(r"https://portal\.example\.dk(/medarbejder/adgangskode/[\w.-]+)")
CODE = re.compile(r"\b(\d{6})\b")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def smtp():
    controller, mailbox = start_smtp_server()
    yield controller.port, mailbox
    controller.stop()


@pytest.fixture
def fresh_database_url(tmp_path, worker_id_safe) -> str:
    if not is_postgres():
        return f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    url = database_url_for(worker_id_safe, "first_start")
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:  # as new as a database an operator has just created
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def test_an_operator_starts_without_demo_data_and_the_first_admin_logs_in(tmp_path, smtp, fresh_database_url):
    smtp_port, mailbox = smtp
    env = production_env(
        tmp_path, DATABASE_URL=fresh_database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp_port)
    )
    run = lambda *args: flask(env, *args)  # noqa: E731  (the README's commands, one by one)
    assert run("db", "upgrade").returncode == 0
    jobcenter = run(
        "jobcenter",
        "add",
        "koebenhavn",
        "Jobcenter København",
        "--phone",
        "70 80 90 00",
        "--email",
        "jobcenter@kk.dk",
    )
    assert jobcenter.returncode == 0, jobcenter.stderr
    admin = run(
        "staff", "add", "anna@kk.dk", "--name", "Anna Admin", "--role", "admin", "--jobcenter", "koebenhavn"
    )
    assert admin.returncode == 0, admin.stderr
    link_path = LINK.search(admin.stdout).group(1)
    demo = run("demo")
    assert demo.returncode != 0 and "refused in production" in demo.stderr

    portal = start_portal(env, tmp_path / "gunicorn.log")
    try:
        browser = portal.browser()
        opened = browser.get(portal.base + link_path, allow_redirects=False, timeout=30)
        assert opened.headers["Location"] == "/medarbejder/adgangskode"
        saved = portal.submit(browser, "/medarbejder/adgangskode", {"password": PASSWORD, "repeat": PASSWORD})
        assert saved.headers["Location"] == "/medarbejder/log-ind"
        asked = portal.submit(browser, "/medarbejder/log-ind", {"email": "anna@kk.dk", "password": PASSWORD})
        assert asked.headers["Location"] == "/medarbejder/log-ind/kode"
        assert run("worker", "--once").returncode == 0
        code = CODE.search(mailbox.messages[-1].get_content()).group(1)
        assert mailbox.messages[-1]["To"] == "anna@kk.dk"
        logged_in = portal.submit(browser, "/medarbejder/log-ind/kode", {"code": code})
        assert logged_in.status_code == 302 and logged_in.headers["Location"] == "/medarbejder/"
        staff_page = browser.get(portal.base + "/medarbejder/medarbejdere", timeout=30)
        assert staff_page.status_code == 200 and "Anna Admin" in staff_page.text
        assert browser.get(portal.base + "/healthz/ready", timeout=30).status_code == 200
        reused = portal.browser().get(portal.base + link_path, allow_redirects=False, timeout=30)
        assert reused.status_code == 410
    finally:
        portal.stop()
