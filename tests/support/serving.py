"""The portal under gunicorn in its production configuration, for tests and benchmarks that need
real processes: races between workers, and answer times measured from outside.

`served()` starts gunicorn (the project's gunicorn.conf.py: gevent workers) on a loopback port
against a database the caller has created, and `Browser` is one browser talking to it over HTTP.
"""

import os
import re
from contextlib import contextmanager

import requests

from tests.support.gunicorn import running_gunicorn

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@contextmanager
def served(database_url: str, secret_key: str, workers: int = 4, **environment):
    """Yield the base URL of gunicorn serving the portal (production settings) from `database_url`.

    Rate limits are off unless `RATELIMIT_ENABLED` is passed: what these tests measure must hold
    without them (Flask-Limiter counts per process with memory storage)."""
    env = {
        **os.environ,
        "BORGERPORTAL_CONFIG": "production",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        "WEB_CONCURRENCY": str(workers),
        "RATELIMIT_ENABLED": "false",
        **environment,
    }
    with running_gunicorn(env, "--log-level", "warning") as server:
        yield server.base


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
