"""The largest upload the claim form accepts, and the web process's peak memory while handling it.

Starts the portal under gunicorn (one sync worker, development configuration, a fresh SQLite
database with demo data) on loopback, logs in as a demo citizen over HTTP, and hands in a claim
with 5 files of close to 10 MB each (4 noisy 12-megapixel JPEGs and one PDF). Prints the request
size, the time it took, and the worker's resident memory before and at its peak (VmHWM).
Run: .venv/bin/python bench/upload_memory.py
"""

import io
import os
import re
import signal
import subprocess
import sys
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
from tests.support.smtp_server import free_port  # noqa: E402

CITIZEN = "0101901234"  # demo citizen Mette Hansen
LIMIT = 10 * 1024 * 1024


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


def memory_kb(pid: int) -> dict[str, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    return {key: int(re.search(rf"{key}:\s+(\d+)", status).group(1)) for key in ("VmRSS", "VmHWM")}


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
    code = re.search(r"\b(\d{6})\b", body).group(1)
    page = f"{base}/log-ind/kode"
    answer = session.post(page, data={"code": code, "csrf_token": csrf(session, page)})
    assert "/min-side" in answer.url, "login failed"


def main() -> None:
    work = scratch_dir("upload")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite'}",
        "UPLOAD_DIR": str(work / "uploads"),
        "BORGERPORTAL_CONFIG": "development",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    app = create_app("development", SQLALCHEMY_DATABASE_URI=env["DATABASE_URL"], UPLOAD_DIR=env["UPLOAD_DIR"])
    with app.app_context():
        db.create_all()
        load_demo_data()
        db.session.remove()
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "120",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        worker_pid = int(subprocess.check_output(["pgrep", "-P", str(server.pid)]).split()[0])
        session = requests.Session()
        log_in(session, base, app)
        session.get(f"{base}/min-side/udlaeg/ny")
        before = memory_kb(worker_pid)
        files = [("files", (f"foto{n}.jpg", noisy_jpeg(LIMIT - 1000), "image/jpeg")) for n in range(4)]
        files.append(("files", ("faktura.pdf", big_pdf(LIMIT - 1000), "application/pdf")))
        fields = {
            "category": "transport",
            "amount": "349,95",
            "invoice_date": "2026-11-02",
            "vendor": "DSB",
            "invoice_number": "BENCH-1",
            "csrf_token": csrf(session, f"{base}/min-side/udlaeg/ny"),
        }
        size = sum(len(content) for _, (_, content, _) in files)
        started = time.perf_counter()
        answer = session.post(f"{base}/min-side/udlaeg/ny", data=fields, files=files)
        seconds = time.perf_counter() - started
        after = memory_kb(worker_pid)
        stored = sum(p.stat().st_size for p in (work / "uploads").iterdir())
        print(f"{'files':<28}{len(files)} (largest {max(len(c) for _, (_, c, _) in files) / 1e6:.1f} MB)")
        print(f"{'upload size':<28}{size / 1e6:.1f} MB, stored {stored / 1e6:.1f} MB")
        print(f"{'answer':<28}{answer.status_code} {answer.url.removeprefix(base)} in {seconds:.2f} s")
        rss, peak = before["VmRSS"] / 1024, before["VmHWM"] / 1024
        print(f"{'worker RSS before':<28}{rss:.0f} MB (peak so far {peak:.0f} MB)")
        print(f"{'worker peak RSS (VmHWM)':<28}{after['VmHWM'] / 1024:.0f} MB")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
