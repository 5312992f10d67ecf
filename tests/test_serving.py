"""The portal under gunicorn with the project's own settings (gunicorn.conf.py), as in production:
slow-loris connections are closed and do not stop anyone else from being served."""

import os
import socket

import pytest
import requests

from tests.support.gunicorn import running_gunicorn

pytestmark = pytest.mark.engine_independent

SLOW_CONNECTIONS = 100  # far more than the 2 workers' processes


@pytest.fixture
def gunicorn(tmp_path):
    env = {
        **os.environ,
        "BORGERPORTAL_CONFIG": "production",
        "SECRET_KEY": "serving-test-" + "k" * 32,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serving.sqlite'}",
        "WEB_CONCURRENCY": "2",
    }
    with running_gunicorn(env, "--log-level", "warning") as server:
        yield server.port, server.base


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
