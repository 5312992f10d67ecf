"""The portal under gunicorn with the project's own settings (gunicorn.conf.py), as in production:
slow-loris connections are closed and do not stop anyone else from being served."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.support.smtp_server import free_port

ROOT = Path(__file__).resolve().parent.parent
SLOW_CONNECTIONS = 100  # far more than the 2 workers' processes


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "BORGERPORTAL_CONFIG": "production",
        "SECRET_KEY": "serving-test-" + "k" * 32,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serving.sqlite'}",
        "WEB_CONCURRENCY": "2",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield port, base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def wait_until_up(base: str) -> None:
    for _ in range(200):
        try:
            requests.get(f"{base}/healthz", timeout=5)
            return
        except requests.RequestException:  # not listening yet, or the workers are still starting
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def _slow_loris(port: int) -> socket.socket:
    """A connection that starts a request and never finishes its headers."""
    connection = socket.create_connection(("127.0.0.1", port))
    connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: portal\r\n")
    return connection


def test_slow_loris_connections_are_closed_and_others_are_served(gunicorn):
    port, base = gunicorn
    slow = [_slow_loris(port) for _ in range(SLOW_CONNECTIONS)]
    for connection in slow:  # keep them trickling, as the attack does
        connection.sendall(b"X-Waiting: 1\r\n")

    answer = requests.get(f"{base}/", timeout=20)  # would wait for a free worker with sync workers
    assert answer.status_code == 200 and "Borgerportal" in answer.text

    for connection in slow:
        connection.settimeout(30)
        try:
            assert connection.recv(1024) == b""  # closed by the server, with nothing sent
        except ConnectionResetError:
            pass
        finally:
            connection.close()
    assert requests.get(f"{base}/healthz", timeout=20).json()["status"] == "ok"


def test_request_headers_over_the_limit_are_refused(gunicorn):
    _, base = gunicorn
    too_many = {f"X-Field-{n}": "x" for n in range(150)}
    assert requests.get(f"{base}/", headers=too_many, timeout=20).status_code == 431
    assert requests.get(f"{base}/?q={'x' * 5000}", timeout=20).status_code == 414
    assert requests.get(f"{base}/healthz", timeout=20).status_code == 200
