"""The portal as it runs in production: gunicorn with several worker processes (and, for the
multi-instance tests, two gunicorns and a Redis on loopback ports), driven by real threads with
real HTTP, each thread a browser of its own (cookie and CSRF token from the form page)."""

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import requests

from app import create_app
from app.extensions import db
from tests.support.gunicorn import running_gunicorn
from tests.support.smtp_server import free_port

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
STARTUP_SECONDS = 60  # a loaded machine with two cores starts workers slowly


@contextmanager
def shared_database(url: str):
    """A fresh database at `url` for servers started by the test, with an app context in which
    the test seeds it and counts what the servers did; emptied afterwards."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        yield url
        db.session.remove()
        db.drop_all()


@contextmanager
def gunicorn(database_url: str, workers: int = 3, **settings: str):
    """gunicorn with `workers` processes serving the portal (make run's configuration) on
    `database_url`; `settings` become environment variables. Yields the base URL."""
    env = {
        **os.environ,
        "BORGERPORTAL_CONFIG": "development",
        "DATABASE_URL": database_url,
        "WEB_CONCURRENCY": str(workers),
        **settings,
    }
    with running_gunicorn(env, "--log-level", "warning") as server:
        yield server.base


@contextmanager
def redis_server():
    """A throwaway redis-server on a loopback port, nothing saved to disk. Yields (url, process)."""
    import redis  # only the Redis tests need the client

    port, folder = free_port(), tempfile.mkdtemp(prefix="borgerportal-redis-")
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait_for(lambda: redis.Redis.from_url(url).ping(), "redis-server")
        yield url, server
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for(ready, what: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except Exception:  # not listening yet
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start")


def browser(base: str, form_page: str) -> tuple[requests.Session, str]:
    """A new browser that has opened `form_page`: its cookies and the form's CSRF token."""
    session = requests.Session()
    token = TOKEN.search(session.get(base + form_page, timeout=60).text).group(1)
    return session, token


def post_all_at_once(bases: list[str], path: str, forms: list[dict], threads: int = 20) -> list[int]:
    """POST each form to `path` from a browser of its own, spread over the `bases` in turn, with
    `threads` real threads released together. Returns the status codes."""
    prepared = [browser(bases[n % len(bases)], path) for n in range(len(forms))]
    start = threading.Barrier(min(threads, len(forms)))

    def send(n: int) -> int:
        session, token = prepared[n]
        if n < threads:
            start.wait(timeout=120)
        url = bases[n % len(bases)] + path
        return session.post(
            url, data={**forms[n], "csrf_token": token}, allow_redirects=False, timeout=120
        ).status_code

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(send, range(len(forms))))
