"""The portal under gunicorn in its production configuration, for tests and benchmarks that need
real processes: races between workers, and answer times measured from outside.

`served()` starts gunicorn (the project's gunicorn.conf.py: gevent workers) on a loopback port
against a database the caller has created, and `Browser` is one browser talking to it over HTTP.
"""

import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.support.smtp_server import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@contextmanager
def served(database_url: str, secret_key: str, workers: int = 4, **environment):
    """Yield the base URL of gunicorn serving the portal (production settings) from `database_url`.

    Rate limits are off unless `RATELIMIT_ENABLED` is passed: what these tests measure must hold
    without them (Flask-Limiter counts per process with memory storage)."""
    port = free_port()
    env = {
        **os.environ,
        "BORGERPORTAL_CONFIG": "production",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        "WEB_CONCURRENCY": str(workers),
        "RATELIMIT_ENABLED": "false",
        **environment,
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"  # the venv's, wherever it lives
    server = subprocess.Popen(
        [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def _wait_until_up(base: str) -> None:
    for _ in range(600):
        try:
            requests.get(f"{base}/healthz", timeout=5)
            return
        except requests.RequestException:  # not listening yet, or the workers are still starting
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


class Browser:
    """One browser with its own session. The production session cookie is `Secure`, which
    `requests` sends only over HTTPS, so the cookie is kept and sent here by hand."""

    def __init__(self, base: str):
        self.base, self.cookie = base, ""

    def get(self, path: str) -> requests.Response:
        return self._keep(
            requests.get(self.base + path, headers=self._headers(), timeout=60, allow_redirects=False)
        )

    def token(self, path: str) -> str:
        return CSRF.search(self.get(path).text).group(1)

    def post(
        self, path: str, data: dict, token: str | None = None, keep_cookie: bool = True
    ) -> requests.Response:
        """Post a form with the CSRF token of its page (`token`, or read from the page now)."""
        data = {**data, "csrf_token": token or self.token(path)}
        answer = requests.post(
            self.base + path, data=data, headers=self._headers(), timeout=120, allow_redirects=False
        )
        return self._keep(answer) if keep_cookie else answer

    def _headers(self) -> dict:
        return {"Cookie": self.cookie} if self.cookie else {}

    def _keep(self, answer: requests.Response) -> requests.Response:
        cookie = answer.headers.get("Set-Cookie", "")
        if cookie.startswith("session="):
            self.cookie = cookie.split(";", 1)[0]
        return answer
