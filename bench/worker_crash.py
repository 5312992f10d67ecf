"""A worker killed with SIGKILL mid-batch: how many messages go out twice, and how long the
messages it held wait. 40 login codes, 8 sending threads, Twilio (the loopback stub) answering in
0.3 s; the worker is killed after about 12 have reached the stub, and a second worker takes over.

Run: .venv/bin/python bench/worker_crash.py [N] [WAIT_SECONDS]   (DATABASE_URL picks the
database; default a fresh SQLite file). Waits up to WAIT_SECONDS (default 420) for the rest.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch import scratch_dir  # noqa: E402
from tests.support.twilio_stub import start_twilio_stub  # noqa: E402
from tests.support.worker_crash import drop_tables, kill_mid_batch  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    wait = float(sys.argv[2]) if len(sys.argv) > 2 else 420
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch_dir('worker-crash')}/crash.sqlite"
    stub = start_twilio_stub()
    stub.latency = 0.3
    try:
        outcome = kill_mid_batch(url, stub, count=count, kill_after=12, wait=wait)
    finally:
        stub.stop()
        drop_tables(url)
    held = outcome.messages - outcome.sent_before_kill - outcome.in_flight_at_kill
    waited = (
        f"{outcome.seconds_until_all_sent:.0f} s" if outcome.seconds_until_all_sent else f"over {wait:.0f} s"
    )
    print(f"database: {url.split('@')[-1]}, messages: {outcome.messages}")
    at_kill = f"{outcome.sent_before_kill} at Twilio, {outcome.in_flight_at_kill} in flight, {held} held"
    print(f"at the kill: {at_kill}")
    print(f"sent twice: {outcome.sent_twice}; every message sent {waited} after the kill")
    print(f"lookups at Twilio before resending: {outcome.lookups}")


if __name__ == "__main__":
    main()
