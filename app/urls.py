"""Addresses that leave the portal: links in SMS, e-mails and letters, one-tap links, the
callback address Twilio is given, the return address the MitID broker is given.

They are built from PUBLIC_BASE_URL, never from the request: messages are written by the worker
outside any request, and behind a proxy the request's host is not the one citizens use. A base
with a path (https://kommune.dk/borger) is where the portal is mounted, so it prefixes every
route once.
"""

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """The absolute public address of `endpoint` with `values`, as `url_for` would build it."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)
