"""A loopback stand-in for Twilio's Messages API that checks what Twilio checks.

The real `twilio` client talks to it through TWILIO_API_BASE_URL. It requires HTTP Basic auth
with the account SID and auth token, the To/From/Body form fields and a plausible E.164 number,
and answers with Twilio's JSON. It also lists the messages it took (GET, filtered by To and From,
newest first), as Twilio's Messages list does. Tests can script answers (`fail_next`) or stop it
entirely.
"""

import base64
import itertools
import json
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "stub-auth-token"
MESSAGES_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
_sids = itertools.count(1)
STOP_WITHIN = 0.02  # seconds
SEEN_HEADERS = ("Authorization", "Content-Type", "Accept")


@dataclass
class Received:
    to: str
    sender: str
    body: str
    sid: str
    status_callback: str | None
    created: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True)
class Seen:
    """A request as it reached the stub: what a client must send for Twilio to take it."""

    method: str
    path: str  # with the query string of a GET
    headers: dict[str, str]  # the ones Twilio reads: Authorization, Content-Type, Accept
    form: dict[str, str]


@dataclass
class TwilioStub:
    server: ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)
    scripted: list[tuple[int, dict]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    latency: float = 0.0  # seconds each request takes, as the real API does over the internet
    in_flight: int = 0
    most_at_once: int = 0  # the most requests it was answering at the same moment
    lookups: int = 0  # GET requests for the list of messages
    # The latest requests, in the order they came (not all: a bench sends hundreds of thousands)
    seen: deque[Seen] = field(default_factory=lambda: deque(maxlen=100))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def fail_next(self, status: int, code: int = 20500, message: str = "Internal error") -> None:
        """The next request gets this error answer instead of being accepted."""
        with self.lock:
            self.scripted.append(
                (
                    status,
                    {
                        "code": code,
                        "message": message,
                        "status": status,
                        "more_info": f"https://www.twilio.com/docs/errors/{code}",
                    },
                )
            )

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class StubHandler(BaseHTTPRequestHandler):
    stub: "TwilioStub"  # set per server in start_twilio_stub()
    protocol_version = "HTTP/1.1"  # keep-alive, as Twilio's API: a worker's threads reuse connections
    # The answer goes out in two writes (headers, then body). With Nagle's algorithm the body
    # waited for the client's delayed ACK of the headers: 40 ms added to every request on
    # loopback, which Twilio does not add (the throughput bench measured the stub, issue 23).
    disable_nagle_algorithm = True

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        stub = self.stub
        self._note(form)
        with stub.lock:
            stub.in_flight += 1
            stub.most_at_once = max(stub.most_at_once, stub.in_flight)
        time.sleep(stub.latency)
        try:
            self._answer(*self._decide(form))
        finally:
            with stub.lock:
                stub.in_flight -= 1

    def do_GET(self):
        """Twilio's Messages list: the newest first, filtered by To and From, one page."""
        url = urlsplit(self.path)
        self._note({})
        if not self._authorised():
            return self._answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
        if url.path != MESSAGES_PATH:
            return self._answer(404, {"code": 20404, "message": "Not found", "status": 404})
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        size = int(query.get("PageSize", 50))
        with self.stub.lock:
            self.stub.lookups += 1
            found = [
                r
                for r in reversed(self.stub.received)
                if r.to == query.get("To", r.to) and r.sender == query.get("From", r.sender)
            ][:size]
        page = {
            "messages": [_resource(r) for r in found],
            "page": 0,
            "page_size": size,
            "start": 0,
            "end": max(len(found) - 1, 0),
            "uri": self.path,
            "first_page_uri": self.path,
            "next_page_uri": None,
            "previous_page_uri": None,
        }
        self._answer(200, page)

    def _note(self, form: dict) -> None:
        headers = {name: self.headers[name] for name in SEEN_HEADERS if name in self.headers}
        with self.stub.lock:
            self.stub.seen.append(Seen(self.command, self.path, headers, form))

    def _decide(self, form: dict) -> tuple[int, dict]:
        if not self._authorised():
            return 401, {"code": 20003, "message": "Authenticate", "status": 401}
        if self.path != MESSAGES_PATH:
            return 404, {"code": 20404, "message": "Not found", "status": 404}
        with self.stub.lock:
            if self.stub.scripted:
                return self.stub.scripted.pop(0)
        missing = [name for name in ("To", "From", "Body") if not form.get(name)]
        if missing:
            return 400, {"code": 21604, "message": f"'{missing[0]}' is required", "status": 400}
        if not form["To"].startswith("+") or not form["To"][1:].isdigit():
            return 400, {"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400}
        return 201, self._accept(form)

    def _authorised(self) -> bool:
        expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        return self.headers.get("Authorization") == f"Basic {expected}"

    def _accept(self, form: dict) -> dict:
        received = Received(
            form["To"], form["From"], form["Body"], f"SM{next(_sids):032x}", form.get("StatusCallback")
        )
        with self.stub.lock:
            self.stub.received.append(received)
        return _resource(received)

    def _answer(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away (a worker killed mid-request): Twilio has the message all the same


def _resource(received: Received) -> dict:
    """A message as Twilio's API shows it."""
    return {
        "sid": received.sid,
        "account_sid": ACCOUNT_SID,
        "to": received.to,
        "from": received.sender,
        "body": received.body,
        "status": "queued",
        "num_segments": "1",
        "direction": "outbound-api",
        "api_version": "2010-04-01",
        "price": None,
        "error_code": None,
        "date_created": format_datetime(received.created, usegmt=True),
        "date_updated": format_datetime(received.created, usegmt=True),
        "date_sent": None,
        "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{received.sid}.json",
    }


class StubServer(ThreadingHTTPServer):
    # A worker's 64 sending threads connect at once: with socketserver's backlog of 5, the kernel
    # refused some of those connections, which no real Twilio does.
    request_queue_size = 256
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A worker killed while its kept-alive connections wait is no error of the stub's."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def start_twilio_stub() -> TwilioStub:
    server = StubServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    stub = TwilioStub(server=server)
    server.RequestHandlerClass = type("BoundStubHandler", (StubHandler,), {"stub": stub})
    # serve_forever notices a shutdown only between polls: at its default of half a second, stopping
    # the stub after each of some 275 tests per phase slept over two minutes in all
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": STOP_WITHIN}, daemon=True).start()
    return stub
