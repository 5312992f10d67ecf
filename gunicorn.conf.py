"""gunicorn settings, read by every `gunicorn` started from the project folder (serve.sh, the
Docker image, bench/run). Command-line options win over these.

gevent workers: a connection that is slow to send its request (a phone on a bad line, or a
slow-loris attack holding many connections open) waits without holding a worker, and one that
has not sent its full request headers within `keepalive` seconds is closed. With sync workers
ten such connections stopped the whole portal for 30 s at a time (tests/test_serving.py fails).
"""

import logging
import multiprocessing
import os
import sys

from gunicorn import glogging

import jsonlog

worker_class = "gevent"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_connections = 1000  # open connections per worker; the rest wait in the listen queue
keepalive = 5  # seconds to send the request headers, and to keep an idle connection
timeout = 30  # a worker that does not answer for this long is restarted
graceful_timeout = 30  # on restart, requests under way get this long to finish
# The request line and headers stay at gunicorn's limits (4094 bytes, 100 fields of 8190 bytes);
# the body's limit is the portal's own MAX_CONTENT_LENGTH, answered with a translated page.


def pre_request(worker, req):
    """One request per connection, as with sync workers: the next request waits at the listening
    socket, where the first free worker takes it. A kept-alive connection stays with its worker,
    and under load (bench/run) some requests waited seconds behind a busy worker while others idled."""
    req.must_close = True
    worker.log.debug("%s %s", req.method, req.path)  # what gunicorn's own pre_request does


# Logs: JSON lines on stdout (jsonlog.py), like the portal's own. The portal logs each request
# itself, with the user and the route (app/operations/logs.py), so gunicorn's access log is off;
# turned on (--access-logfile -), it is JSON too and redacts tokens in paths the same way.
accesslog = None
errorlog = "-"


class JsonLogger(glogging.Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if isinstance(handler, logging.StreamHandler) and handler.stream in (sys.stderr, sys.stdout):
                    handler.setStream(sys.stdout)
                handler.setFormatter(jsonlog.JsonFormatter())

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        described = environ.get("borgerportal.request") or {"path": jsonlog.first_segment_only(req.path)}
        fields = {
            "event": "access",
            "request_id": environ.get("borgerportal.request_id"),
            "method": req.method,
            **described,
            "status": resp.status_code,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
        }
        line = f"{req.method} {described['path']} {resp.status_code}"
        self.access_log.info(line, extra={jsonlog.FIELDS: fields})


logger_class = JsonLogger
