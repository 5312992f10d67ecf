"""Uploads through gunicorn: the largest honest claim, and hostile files, with time and memory.

Starts the portal under gunicorn with the project's settings (gunicorn.conf.py: gevent workers;
development configuration, a fresh SQLite database with demo data) on loopback and logs in as a
demo citizen over HTTP. Memory is the server's whole process tree (master, workers and the
upload sandbox's processes), sampled every 20 ms.

1. One worker: a claim with 5 files of close to 10 MB each (4 noisy 12-megapixel JPEGs and one
   PDF). Prints the request size, the time it took, and the peak memory.
2. The default number of workers: each hostile file alone (time, answer, peak memory), then
   10 claims sent at once, each with 5 hostile files, while /healthz is asked every 100 ms
   from another thread. Prints the worst /healthz latency (target: under 1 s), the answers, the
   workers that died, and the peak memory. Twice: with a PDF of 150,000 objects, then with a
   PDF of 10,000 objects whose damaged cross-reference table makes it expensive to read.

Run: .venv/bin/python bench/upload_memory.py [--skip-large]
"""

import io
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.auth.services import handle_code_requests  # noqa: E402
from app.demo import load_demo_data  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Message  # noqa: E402
from app.models.types import utcnow  # noqa: E402
from bench.scratch import scratch_dir  # noqa: E402
from tests.claims import samples  # noqa: E402
from tests.support.smtp_server import free_port  # noqa: E402

CITIZEN = "0101901234"  # demo citizen Mette Hansen
LIMIT = 10 * 1024 * 1024
NEW_CLAIM = "/min-side/udlaeg/ny"
PARALLEL = 10
HEALTH_EVERY = 0.1  # seconds between /healthz requests
HEALTH_TIMEOUT = 60  # a /healthz that takes longer counts as this long


def noisy_jpeg(target: int) -> bytes:
    """A 12-megapixel photo of noise, at the highest quality that stays under `target` bytes."""
    image = Image.frombytes("RGB", (4000, 3000), os.urandom(4000 * 3000 * 3))
    for quality in (95, 90, 85, 80, 70, 60, 50):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        if out.tell() <= target:
            return out.getvalue()
    raise RuntimeError("could not make a JPEG small enough")


def big_pdf(target: int) -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.image(io.BytesIO(noisy_jpeg(target - 50_000)), x=10, y=10, w=190)
    return bytes(document.output())


def hostile_files(pdf: tuple[str, bytes]) -> list[tuple[str, bytes]]:
    return [
        ("heic-bomb-header.heic", samples.heic_bomb_header()),
        ("7000x7000.heic", samples.heic_7000()),
        pdf,
        ("deeply-nested.pdf", samples.deeply_nested_pdf()),
        ("png-bomb.png", samples.png_bomb()),
    ]


PDF_150K = ("150000-objects.pdf", samples.pdf_with_objects(150_000, damaged_xref=True))
PDF_DAMAGED = ("damaged-xref-10000.pdf", samples.pdf_with_objects(10_000, damaged_xref=True))


# The server and its memory


def process_tree(root: int) -> list[int]:
    """`root` and every process below it (workers, the sandbox and its children)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree.extend(frontier)
    return tree


def memory_kb(pid: int) -> dict[str, int]:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {"VmRSS": 0, "VmHWM": 0}
    found = {key: re.search(rf"{key}:\s+(\d+)", status) for key in ("VmRSS", "VmHWM")}
    return {key: int(match.group(1)) if match else 0 for key, match in found.items()}


class MemorySampler(threading.Thread):
    """The peak of the summed resident memory of the server's processes, and of any one of them."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.stopped = root, threading.Event()
        self.peak_total_kb = self.peak_process_kb = 0

    def run(self) -> None:
        while not self.stopped.is_set():
            usage = [memory_kb(pid) for pid in process_tree(self.root)]
            self.peak_total_kb = max(self.peak_total_kb, sum(u["VmRSS"] for u in usage))
            self.peak_process_kb = max([self.peak_process_kb, *(u["VmHWM"] for u in usage)])
            time.sleep(0.02)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.join()


def workers_of(master: int) -> set[int]:
    return {pid for pid in process_tree(master) if pid != master and _parent(pid) == master}


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def start_server(env: dict, *options: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "--bind", f"127.0.0.1:{port}", *options, "wsgi:app"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(f"{base}/healthz", timeout=1)
            return server, base
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)


# The citizen


def csrf(session, url: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', session.get(url).text).group(1)


def log_in(session, base: str, app) -> None:
    session.post(
        f"{base}/log-ind",
        data={"cpr": CITIZEN, "channel": "sms", "csrf_token": csrf(session, f"{base}/log-ind")},
    )
    with app.app_context():
        handle_code_requests(utcnow())  # the worker's part of "send me a code"
        body = db.session.scalars(db.select(Message.body).order_by(Message.id.desc())).first()
        db.session.remove()
    code = re.search(r"\b(\d{6})\b", body).group(1)
    page = f"{base}/log-ind/kode"
    answer = session.post(page, data={"code": code, "csrf_token": csrf(session, page)})
    assert "/min-side" in answer.url, "login failed"


def hand_in(session, base: str, token: str, files: list[tuple[str, bytes]], number: int):
    fields = {
        "category": "transport",
        "amount": "349,95",
        "invoice_date": "2026-11-02",
        "vendor": "DSB",
        "invoice_number": f"BENCH-{number}",
        "csrf_token": token,
    }
    upload = [("files", (name, content, "application/octet-stream")) for name, content in files]
    started = time.perf_counter()
    try:
        answer = session.post(f"{base}{NEW_CLAIM}", data=fields, files=upload, timeout=300)
        refusals = re.findall(r'<a href="#files">([^<]*)</a>', answer.text)
        outcome = f"{answer.status_code}" + (f" {refusals[0].split(' ', 1)[1][:40]}" if refusals else "")
    except requests.RequestException as error:
        outcome = f"failed ({type(error).__name__})"
    return outcome, time.perf_counter() - started


def clone(session) -> requests.Session:
    twin = requests.Session()
    twin.cookies.update(session.cookies)
    return twin


# The measurements


def largest_honest_claim(env: dict, app, work: Path) -> None:
    server, base = start_server(env, "--workers", "1", "--timeout", "120")
    try:
        session = requests.Session()
        log_in(session, base, app)
        files = [(f"foto{n}.jpg", noisy_jpeg(LIMIT - 1000)) for n in range(4)]
        files.append(("faktura.pdf", big_pdf(LIMIT - 1000)))
        token = csrf(session, f"{base}{NEW_CLAIM}")
        worker = next(iter(workers_of(server.pid)))
        before = memory_kb(worker)
        with MemorySampler(server.pid) as memory:
            outcome, seconds = hand_in(session, base, token, files, 1)
        stored = sum(p.stat().st_size for p in (work / "uploads").iterdir())
        print("== the largest honest claim (one worker)")
        print(f"{'files':<34}{len(files)} (largest {max(len(c) for _, c in files) / 1e6:.1f} MB)")
        print(
            f"{'upload size':<34}{sum(len(c) for _, c in files) / 1e6:.1f} MB, stored {stored / 1e6:.1f} MB"
        )
        print(f"{'answer':<34}{outcome} in {seconds:.2f} s")
        print(f"{'worker RSS before':<34}{before['VmRSS'] / 1024:.0f} MB")
        print(f"{'peak, one process':<34}{memory.peak_process_kb / 1024:.0f} MB")
        print(f"{'peak, all server processes':<34}{memory.peak_total_kb / 1024:.0f} MB")
    finally:
        stop_server(server)


def each_hostile_file_alone(session, base: str, server) -> None:
    print("\n== each hostile file alone (answer, time, peak memory of all server processes)")
    token = csrf(session, f"{base}{NEW_CLAIM}")
    for number, (name, content) in enumerate([*hostile_files(PDF_150K), PDF_DAMAGED], start=100):
        with MemorySampler(server.pid) as memory:
            outcome, seconds = hand_in(session, base, token, [(name, content)], number)
        print(
            f"{name:<26}{len(content) / 1e3:>9.1f} KB  {seconds:6.2f} s"
            f"  {memory.peak_total_kb / 1024:6.0f} MB  {outcome}"
        )


def attack(session, base: str, server, pdf: tuple[str, bytes]) -> None:
    """PARALLEL claims at once, each with 5 hostile files, while /healthz is asked every 100 ms."""
    token = csrf(session, f"{base}{NEW_CLAIM}")
    files = hostile_files(pdf)
    workers_before, seen_workers = workers_of(server.pid), set()
    latencies, failures, done = [], [], threading.Event()

    def watch_health():
        while not done.is_set():
            started = time.perf_counter()
            try:
                requests.get(f"{base}/healthz", timeout=HEALTH_TIMEOUT).raise_for_status()
            except requests.RequestException as error:
                failures.append(type(error).__name__)
            latencies.append(time.perf_counter() - started)
            seen_workers.update(workers_of(server.pid))
            time.sleep(HEALTH_EVERY)

    results = [None] * PARALLEL

    def send(index: int):
        results[index] = hand_in(clone(session), base, token, files, 200 + index)

    watcher = threading.Thread(target=watch_health)
    senders = [threading.Thread(target=send, args=(index,)) for index in range(PARALLEL)]
    started = time.perf_counter()
    with MemorySampler(server.pid) as memory:
        watcher.start()
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        elapsed = time.perf_counter() - started
        time.sleep(1)  # /healthz once more after the attack
        done.set()
        watcher.join()
    died = (workers_before | seen_workers) - workers_of(server.pid)
    outcomes = sorted({outcome.split()[0] for outcome, _ in results})
    print(f"\n== {PARALLEL} claims at once, each with 5 hostile files ({pdf[0]} as the PDF)")
    print(f"{'claims answered':<34}{', '.join(outcomes)} (slowest {max(s for _, s in results):.1f} s)")
    print(f"{'attack lasted':<34}{elapsed:.1f} s")
    print(f"{'/healthz worst latency':<34}{max(latencies):.2f} s (target < 1 s)")
    print(
        f"{'/healthz median latency':<34}{statistics.median(latencies):.3f} s over {len(latencies)} requests"
    )
    print(f"{'/healthz failed':<34}{len(failures)} {sorted(set(failures))}")
    print(f"{'workers that died':<34}{len(died)}")
    print(f"{'peak, one process':<34}{memory.peak_process_kb / 1024:.0f} MB")
    print(f"{'peak, all server processes':<34}{memory.peak_total_kb / 1024:.0f} MB")


def hostile_uploads(env: dict, app) -> None:
    server, base = start_server(env)
    try:
        print(f"\n(gunicorn with the project's settings: {len(workers_of(server.pid))} gevent workers)")
        session = requests.Session()
        log_in(session, base, app)
        each_hostile_file_alone(session, base, server)
        attack(session, base, server, PDF_150K)
        attack(session, base, server, PDF_DAMAGED)
    finally:
        stop_server(server)


def main() -> None:
    work = scratch_dir("upload")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite'}",
        "UPLOAD_DIR": str(work / "uploads"),
        "BORGERPORTAL_CONFIG": "development",
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_ENABLED": "false",  # one address sends every claim
    }
    app = create_app("development", SQLALCHEMY_DATABASE_URI=env["DATABASE_URL"], UPLOAD_DIR=env["UPLOAD_DIR"])
    with app.app_context():
        db.create_all()
        load_demo_data()
        db.session.remove()
    if "--skip-large" not in sys.argv:
        largest_honest_claim(env, app, work)
    hostile_uploads(env, app)


if __name__ == "__main__":
    main()
