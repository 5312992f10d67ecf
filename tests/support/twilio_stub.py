"""A loopback stand-in for Twilio's Messages API that checks what Twilio checks.

The real `twilio` client talks to it through TWILIO_API_BASE_URL. It requires HTTP Basic auth
with the account SID and auth token, the To/From/Body form fields and a plausible E.164 number,
and answers with Twilio's JSON. Tests can script answers (`fail_next`) or stop it entirely.
"""

import base64
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "stub-auth-token"
_sids = itertools.count(1)


@dataclass
class Received:
    to: str
    sender: str
    body: str
    sid: str
    status_callback: str | None


@dataclass
class TwilioStub:
    server: ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)
    scripted: list[tuple[int, dict]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    latency: float = 0.0  # seconds each request takes, as the real API does over the internet
    in_flight: int = 0
    most_at_once: int = 0  # the most requests it was answering at the same moment

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

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        stub = self.stub
        with stub.lock:
            stub.in_flight += 1
            stub.most_at_once = max(stub.most_at_once, stub.in_flight)
        time.sleep(stub.latency)
        try:
            self._answer(*self._decide(form))
        finally:
            with stub.lock:
                stub.in_flight -= 1

    def _decide(self, form: dict) -> tuple[int, dict]:
        if not self._authorised():
            return 401, {"code": 20003, "message": "Authenticate", "status": 401}
        if self.path != f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json":
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
        sid = f"SM{next(_sids):032x}"
        with self.stub.lock:
            self.stub.received.append(
                Received(form["To"], form["From"], form["Body"], sid, form.get("StatusCallback"))
            )
        return {
            "sid": sid,
            "account_sid": ACCOUNT_SID,
            "to": form["To"],
            "from": form["From"],
            "body": form["Body"],
            "status": "queued",
            "num_segments": "1",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "price": None,
            "error_code": None,
            "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
        }

    def _answer(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def start_twilio_stub() -> TwilioStub:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    stub = TwilioStub(server=server)
    server.RequestHandlerClass = type("BoundStubHandler", (StubHandler,), {"stub": stub})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return stub
