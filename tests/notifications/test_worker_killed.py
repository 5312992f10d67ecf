"""A worker killed with SIGKILL mid-batch: nothing is sent twice, and what it held goes out soon.

Measured on main before the change (40 codes, 8 sending threads, Twilio answering in 0.3 s):
8 of 40 sent twice (those in flight at the kill were resent blindly) and 21 held for the 5-minute
lease. Now the lease is 30 s (renewed while a worker is alive) and the messages a dead worker may
have handed over are looked up at Twilio before they are sent again. The lease is a setting
(OUTBOX_LEASE_SECONDS): here 2 s, so the takeover takes seconds, not half a minute.
"""

from tests.conftest import is_postgres
from tests.support.twilio_stub import start_twilio_stub
from tests.support.worker_crash import drop_tables, kill_mid_batch

LEASE_SECONDS = 2


def test_a_worker_killed_mid_batch_sends_nothing_twice_and_the_rest_goes_out_soon(tmp_path, database_url):
    url = database_url if is_postgres() else f"sqlite:///{tmp_path}/killed.sqlite"
    stub = start_twilio_stub()
    stub.latency = 0.3  # as the real API over the internet: several requests are in flight at the kill
    try:
        outcome = kill_mid_batch(url, stub, count=40, kill_after=12, wait=150, lease_seconds=LEASE_SECONDS)
    finally:
        stub.stop()
        drop_tables(url)
    print(outcome)
    assert outcome.in_flight_at_kill > 0, "the kill should hit messages in flight"
    assert outcome.seconds_until_all_sent is not None, "not all messages were sent within 150 s"
    assert outcome.sent_twice == 0
    assert len({r.to for r in stub.received}) == 40
    assert outcome.lookups > 0  # the second worker asked Twilio about the messages in flight
    # The lease, the second worker's start and its polling interval, on a loaded machine.
    assert outcome.seconds_until_all_sent < LEASE_SECONDS + 60
