"""The portal as operators run it, for tests: gunicorn (gunicorn.conf.py, production settings)
and `flask` commands in their own processes, on a database file of the test's own."""

import json
import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.support.gunicorn import start_gunicorn

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent  # the environment's own flask
SECRET_KEY = "operations-test-" + "k" * 40
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def production_env(tmp_path: Path, **extra) -> dict:
    return {
        **os.environ,
        "BORGERPORTAL_CONFIG": "production",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite'}",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "PUBLIC_BASE_URL": "https://portal.example.dk",
        "WEB_CONCURRENCY": "2",
        **extra,
    }


def flask(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class LoopbackBrowser(requests.Session):
    """Sends the portal's Secure cookies over http too: the test talks to gunicorn on loopback,
    where a proxy in front would have ended TLS."""

    def prepare_request(self, request):
        for cookie in self.cookies:
            cookie.secure = False
        return super().prepare_request(request)


@dataclass
class Portal:
    process: subprocess.Popen
    base: str
    log_path: Path
    sessions: list = field(default_factory=list)

    def lines(self) -> list[dict]:
        """The JSON lines gunicorn and the portal wrote to stdout so far."""
        return [json.loads(line) for line in self.log_path.read_text().splitlines() if line.startswith("{")]

    def output(self) -> str:
        return self.log_path.read_text()

    def browser(self) -> requests.Session:
        return LoopbackBrowser()

    def submit(self, session: requests.Session, path: str, data: dict, form_page: str | None = None):
        page = session.get(self.base + (form_page or path), timeout=30).text
        token = CSRF.search(page).group(1)
        return session.post(
            self.base + path, data={**data, "csrf_token": token}, allow_redirects=False, timeout=30
        )

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def start_portal(env: dict, log_path: Path, *gunicorn_args: str) -> Portal:
    with log_path.open("w") as log:
        try:
            server = start_gunicorn(env, *gunicorn_args, output=log)
        except RuntimeError as failed:
            raise RuntimeError(f"{failed}: {log_path.read_text()[-2000:]}") from None
    return Portal(server.process, server.base, log_path)
