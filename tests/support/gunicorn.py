"""gunicorn for tests: the one way tests start the portal as it is served, on a loopback port.

The gunicorn is the one installed next to the running Python (the project's venv wherever it
lives, or a CI image's), found with shutil.which, never a path written into a test. A start that
fails is reported at once with gunicorn's exit code, not after the full wait for /healthz.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import requests

ROOT = Path(__file__).resolve().parent.parent.parent
STARTUP_SECONDS = 60  # a loaded machine with two cores starts workers slowly


def gunicorn_program() -> str:
    found = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
    if found is None:
        raise RuntimeError(f"no gunicorn next to {sys.executable} nor on PATH")
    return found


@dataclass
class Gunicorn:
    process: subprocess.Popen
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 60) -> None:
        """SIGTERM to gunicorn and its workers (they run in a session of their own)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=timeout)


def start_gunicorn(env: dict, *args: str, output: IO | None = None) -> Gunicorn:
    """gunicorn serving `wsgi:app` from the project's folder with `env` (and gunicorn.conf.py),
    extra command-line `args`, its output to `output` (else the test's); returns once /healthz
    answers."""
    # The test opens the listening socket and hands it over: a free port looked up first could be
    # taken by another test's server before gunicorn bound it, and the test then talked to that
    # server (CI saw "Address already in use" and a login code sent by another portal).
    with socket.create_server(("127.0.0.1", 0)) as listening:
        port = listening.getsockname()[1]
        process = subprocess.Popen(
            [gunicorn_program(), "--bind", f"fd://{listening.fileno()}", *args, "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
            pass_fds=(listening.fileno(),),
        )
    server = Gunicorn(process, port)
    try:
        wait_until_up(server.base, server.process)
    except BaseException:
        server.stop()
        raise
    return server


@contextmanager
def running_gunicorn(env: dict, *args: str, output: IO | None = None):
    """start_gunicorn() for a `with` block; stopped at its end. Yields the Gunicorn."""
    server = start_gunicorn(env, *args, output=output)
    try:
        yield server
    finally:
        server.stop()


def wait_until_up(base: str, process: subprocess.Popen | None = None) -> None:
    """Return once `base`/healthz answers; fail at once if `process` (the server) has exited."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} while starting")
        try:
            requests.get(f"{base}/healthz", timeout=5)
            return
        except requests.RequestException:  # not listening yet, or the workers are still starting
            time.sleep(0.1)
    raise RuntimeError(f"{base} did not answer /healthz within {STARTUP_SECONDS} s")
