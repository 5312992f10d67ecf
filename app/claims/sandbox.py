"""Opening uploaded files outside the web process, with CPU-time and memory limits.

A hostile file costs whoever opens it: a 12 KB HEIC that unpacks to 49 megapixels took 550 MB,
a PDF whose damaged cross-reference table makes the reader search the whole file for each of
its objects took minutes of CPU. gunicorn runs gevent workers, so CPU spent decoding inside a
worker stops every request that worker holds (and the master kills workers that stop
answering). Here the web process only sends the bytes to app/claims/inspector.py, which opens
each file in a child process of its own with the limits below, and waits for the answer on a
socket: under gevent that wait lets every other request of the worker go on.

A file that goes over a limit is refused as too complex (files.TOO_COMPLEX). The limits come
from the configuration (UPLOAD_CHECK_CPU_SECONDS, UPLOAD_CHECK_MEMORY_MB, UPLOAD_CHECKS_AT_ONCE).
"""

import json
import os
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from app.claims import files
from app.claims.files import AcceptedFile, FileRefused
from app.claims.inspector import READY, receive_frame, send_frame

INSPECTOR = Path(__file__).with_name("inspector.py")
IDLE_SECONDS = 600  # an unused inspector process exits after this; the next file starts another
MAX_ANSWER = 64 * 1024 * 1024  # a converted HEIC: a JPEG of at most 25 megapixels
ACCEPTED_TYPES = {("application/pdf", "pdf"), ("image/jpeg", "jpg"), ("image/png", "png")}


class SandboxFailed(RuntimeError):
    """The sandbox could not be started, or answered something it never should (a bug)."""


class _NotStarted(Exception):
    """The inspector process was gone before it took the file: start a new one and try again."""

    def __init__(self, process: subprocess.Popen):
        super().__init__()
        self.process = process


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 4  # CPU time for one file
    memory_mb: int = 512  # memory for one file, above what the inspector has loaded
    at_once: int = 2  # files one web process has opened at the same time; the rest wait

    @property
    def wall_seconds(self) -> int:
        """A backstop: a child can only compute (bounded by cpu_seconds), but at low priority on
        a busy machine it gets a small share of a core, and an honest photo must not time out."""
        return 10 * self.cpu_seconds

    @classmethod
    def from_config(cls, config) -> "Limits":
        return cls(
            cpu_seconds=config["UPLOAD_CHECK_CPU_SECONDS"],
            memory_mb=config["UPLOAD_CHECK_MEMORY_MB"],
            at_once=config["UPLOAD_CHECKS_AT_ONCE"],
        )


def inspect(data: bytes, limits: Limits) -> AcceptedFile:
    """files.inspect(data), run in the sandbox. Empty files, files over the size limit and
    files of no accepted type are refused here, without a process."""
    files.kind_of(data)
    return _sandbox_for(limits).inspect(data)


_sandboxes: dict[tuple[int, Limits], "Sandbox"] = {}
_sandboxes_lock = threading.Lock()


def _sandbox_for(limits: Limits) -> "Sandbox":
    """One sandbox per process and limits: a forked web worker never shares its parent's."""
    key = (os.getpid(), limits)
    with _sandboxes_lock:
        if key not in _sandboxes:
            _sandboxes[key] = Sandbox(limits)
        return _sandboxes[key]


class Sandbox:
    """One inspector process and the files this web process has open in it."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self._slots = threading.BoundedSemaphore(limits.at_once)
        self._lock = threading.Lock()
        self._control: socket.socket | None = None
        self._process: subprocess.Popen | None = None

    def inspect(self, data: bytes) -> AcceptedFile:
        with self._slots:
            for _ in range(2):  # the inspector may have exited (a quiet spell, or killed): once more
                try:
                    return self._attempt(data)
                except _NotStarted as gone:
                    self._stop(gone.process)
            raise SandboxFailed("the inspector process did not take the file")

    def _attempt(self, data: bytes) -> AcceptedFile:
        ours, theirs = socket.socketpair()
        with ours:
            with theirs:
                process = self._hand_over(theirs)
            ours.settimeout(self.limits.wall_seconds + 2)
            try:
                if ours.recv(1) != READY:
                    raise _NotStarted(process)
            except TimeoutError:
                raise FileRefused(files.TOO_COMPLEX) from None
            return self._answer(ours, data)

    def _answer(self, connection: socket.socket, data: bytes) -> AcceptedFile:
        try:
            send_frame(connection, data)
            meta = json.loads(receive_frame(connection, 4096))
            payload = receive_frame(connection, MAX_ANSWER)
        except (OSError, ValueError):  # the child was ended: CPU time, memory or wall time
            raise FileRefused(files.TOO_COMPLEX) from None
        return _accepted(meta, payload, data)

    def _hand_over(self, connection: socket.socket) -> subprocess.Popen:
        """Give the inspector process one end of a fresh socket; it forks a child to serve it."""
        with self._lock:
            if self._control is None:
                self._start()
            try:
                socket.send_fds(self._control, [b"f"], [connection.fileno()])
            except OSError:
                raise _NotStarted(self._process) from None
            return self._process

    def _start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        limits = self.limits
        arguments = [theirs.fileno(), limits.cpu_seconds, limits.memory_mb, limits.wall_seconds, IDLE_SECONDS]
        with theirs:
            try:
                self._process = subprocess.Popen(
                    [sys.executable, "-I", str(INSPECTOR), *map(str, arguments)],
                    pass_fds=[theirs.fileno()],
                    stdin=subprocess.DEVNULL,
                    env=_inspector_environment(),
                )
            except OSError as error:
                ours.close()
                raise SandboxFailed(f"could not start {INSPECTOR.name}: {error}") from error
        self._control = ours

    def _stop(self, process: subprocess.Popen) -> None:
        """Let the inspector process go, unless another file has started a new one meanwhile."""
        with self._lock:
            if process is not self._process:
                return
            self._control.close()
            self._control, self._process = None, None
        process.kill()  # files it has forked go on: each child has its own socket to us
        process.wait()


def _inspector_environment() -> dict[str, str]:
    """Not the web process's environment: the inspector needs no secret key or database URL.
    Two malloc arenas: every thread's arena would count against the memory limit."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "MALLOC_ARENA_MAX": "2"}


def _accepted(meta: dict, payload: bytes, data: bytes) -> AcceptedFile:
    """The answer as an AcceptedFile, or FileRefused. Checked, not trusted: the child has just
    parsed a hostile file."""
    if meta.get("refused") in files.REASONS:
        raise FileRefused(meta["refused"])
    kind = (meta.get("content_type"), meta.get("extension"))
    if kind in ACCEPTED_TYPES and meta.get("converted_from") == "heic" and payload:
        return AcceptedFile(payload, *kind, converted_from="heic")
    if kind in ACCEPTED_TYPES and meta.get("converted_from") == "" and not payload:
        return AcceptedFile(data, *kind)
    raise SandboxFailed(f"unexpected answer from the sandbox: {meta.get('error') or sorted(meta)}")
