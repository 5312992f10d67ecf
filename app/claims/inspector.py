"""The sandbox's own process, where uploaded files are opened under CPU-time and memory limits.

app.claims.sandbox starts this file as a script, one per web process, when the first file
arrives. It loads the checks (app/claims/files.py, by path: importing the `app` package would
load Flask and every feature) once, then waits. For each file the web process hands it a fresh
socket; it forks a child for that one file, which lowers its priority, limits itself, reads the
file, runs files.inspect, answers and exits. A file that needs more CPU time, memory or wall
time than allowed ends only its own child, and no child ever holds another citizen's file.
It exits when the web process goes away, or after a quiet spell (the web process starts a new
one when it needs it).

Nothing here imports from `app`: the web process imports this module only for the framing.
"""

import importlib.util
import json
import os
import resource
import signal
import socket
import struct
import sys
from pathlib import Path

HEADER = struct.Struct(">Q")
READY = b"R"  # the child is running and limited: the file may come
NICENESS = 10  # the web workers keep the CPU while a child decodes


def send_frame(connection: socket.socket, payload: bytes) -> None:
    connection.sendall(HEADER.pack(len(payload)))
    connection.sendall(payload)


def receive_frame(connection: socket.socket, limit: int) -> bytes:
    (size,) = HEADER.unpack(_receive_exactly(connection, HEADER.size))
    if size > limit:
        raise ConnectionError("frame larger than allowed")
    return _receive_exactly(connection, size)


def _receive_exactly(connection: socket.socket, size: int) -> bytes:
    buffer = bytearray(size)
    view, received = memoryview(buffer), 0
    while received < size:
        count = connection.recv_into(view[received:], min(size - received, 1 << 20))
        if count == 0:
            raise ConnectionError("closed before the whole frame arrived")
        received += count
    return bytes(buffer)


def main(control_fd: int, cpu_seconds: int, memory_mb: int, wall_seconds: int, idle_seconds: int) -> None:
    checks = _load_checks()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the children
    control = socket.socket(fileno=control_fd)
    control.settimeout(idle_seconds)
    limits = (cpu_seconds, memory_mb * 1024 * 1024, wall_seconds)
    while True:
        try:
            _, fds, _, _ = socket.recv_fds(control, 16, 1)
        except OSError:  # quiet for idle_seconds (TimeoutError), or the web process is gone
            return
        if not fds:  # the web process closed its end
            return
        _fork_child(checks, control, fds[0], limits)


def _load_checks():
    spec = importlib.util.spec_from_file_location(
        "borgerportal_file_checks", Path(__file__).with_name("files.py")
    )
    checks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checks)
    checks.load_decoders()  # once here, not in every checker forked from this process
    import pillow_heif  # loaded by the checks; one decoder thread keeps one file on one core

    pillow_heif.options.DECODE_THREADS = 1
    return checks


def _fork_child(checks, control: socket.socket, fd: int, limits: tuple) -> None:
    try:
        pid = os.fork()
    except OSError:  # no process to spare: closing the socket tells the web process
        pid = -1
    if pid == 0:
        control.close()
        _child(checks, fd, limits)
    os.close(fd)


def _child(checks, fd: int, limits: tuple) -> None:
    """Limit this process, then inspect the one file that comes on `fd` and answer. Never returns."""
    try:
        _limit(*limits)
        with socket.socket(fileno=fd) as connection:
            connection.setblocking(True)  # a gevent worker's socket arrives non-blocking
            connection.sendall(READY)
            data = receive_frame(connection, checks.MAX_BYTES)
            meta, payload = _outcome(checks, data)
            send_frame(connection, json.dumps(meta).encode())
            send_frame(connection, payload)
    finally:
        os._exit(0)


def _limit(cpu_seconds: int, memory_bytes: int, wall_seconds: int) -> None:
    os.nice(NICENESS)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core dump with a citizen's file in it
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # writes no files
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))  # SIGXCPU, then SIGKILL
    # The address space already mapped (Python, Pillow, libheif) plus what one file may use.
    address_space = _address_space() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    signal.alarm(wall_seconds)  # a backstop for time the CPU limit does not count: SIGALRM ends it


def _address_space() -> int:
    status = Path("/proc/self/status").read_text()
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmSize:"))
    return int(kilobytes) * 1024


def _outcome(checks, data: bytes) -> tuple[dict, bytes]:
    """What the web process needs: the reason for a refusal, or the accepted file's type and,
    when converted, its new bytes (unchanged files are not sent back)."""
    try:
        accepted = checks.inspect(data)
    except checks.FileRefused as refusal:
        return {"refused": refusal.reason}, b""
    except MemoryError:
        return {"refused": checks.TOO_COMPLEX}, b""
    except Exception as error:  # noqa: BLE001  (a bug: the web process logs it, never the file)
        return {"error": type(error).__name__}, b""
    meta = {
        "content_type": accepted.content_type,
        "extension": accepted.extension,
        "converted_from": accepted.converted_from,
    }
    return meta, accepted.data if accepted.converted_from else b""


if __name__ == "__main__":
    main(*map(int, sys.argv[1:6]))
