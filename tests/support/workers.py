"""`flask worker` processes as operators run them, for the tests with several workers: each writes
its JSON log lines to a file of its own, and can be stopped (SIGTERM) or killed (SIGKILL)."""

import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.portal_server import BIN, ROOT


@dataclass
class Worker:
    process: subprocess.Popen
    log_path: Path

    def lines(self) -> list[dict]:
        text = self.log_path.read_text() if self.log_path.exists() else ""
        return [json.loads(line) for line in text.splitlines() if line.startswith("{")]

    def jobs(self, name: str) -> list[dict]:
        """The worker's log lines for its finished jobs called `name` ("sweep", "send")."""
        return [line for line in self.lines() if line.get("event") == "job" and line.get("job") == name]

    def said(self, words: str) -> bool:
        return any(words in line.get("msg", "") for line in self.lines())

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def start_worker(env: dict, log_path: Path, interval: float = 0.5) -> Worker:
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(BIN / "flask"), "--app", "wsgi", "worker", "--interval", str(interval)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Worker(process, log_path)


def wait_for(condition, seconds: float = 60, what: str = "the condition") -> float:
    """Poll `condition` until it is true; returns the seconds it took (fails after `seconds`)."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.05)
    return time.monotonic() - started
