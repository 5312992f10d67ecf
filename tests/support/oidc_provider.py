"""A real OpenID Connect provider on loopback (the `oidc-provider-mock` package), standing in
for a MitID broker: discovery, authorize page, token endpoint, JWKS and end-session, over HTTP.

The portal's Authlib client talks to it like to a broker. Users and their claims (the CPR
number, the level of assurance) are set through the provider's own API. `impostor_keys=True`
makes its JWKS publish another key under the same key id, so the ID tokens it signs no longer
match the keys it publishes: a token "signed by another key", made by the real provider.
"""

import json
import socket
import threading
from dataclasses import dataclass, field
from datetime import timedelta

import oidc_provider_mock
import requests
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server
from werkzeug.test import Client

NEMLOGIN_CPR = "https://data.gov.dk/model/core/eid/cprNumber"  # the portal's default claims
NEMLOGIN_LOA = "https://data.gov.dk/concept/core/nsis/loa"
CLIENT_ID = "borgerportal-test"
CLIENT_SECRET = "test-client-secret"


@dataclass
class OIDCProvider:
    url: str
    _server: object = field(repr=False)

    def add_person(self, sub: str, cpr: str, loa: str = "Substantial") -> None:
        """A MitID identity the provider will vouch for, with NemLog-in's claim names."""
        response = requests.put(
            f"{self.url}/users/{sub}", json={NEMLOGIN_CPR: cpr, NEMLOGIN_LOA: loa}, timeout=5
        )
        response.raise_for_status()

    def approve(self, authorize_url: str, sub: str) -> str:
        """Log `sub` in on the provider's authorize page (as the browser would post it); return
        the callback URL the provider sends the browser back to."""
        answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def deny(self, authorize_url: str) -> str:
        answer = requests.post(authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=5)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def start_oidc_provider(*, token_lifetime=timedelta(hours=1), impostor_keys: bool = False) -> OIDCProvider:
    """Serve a provider on a free loopback port in a thread. `token_lifetime` below zero makes
    every ID token it issues expired already."""
    app = oidc_provider_mock.app(access_token_max_age=token_lifetime, require_nonce=True)
    wsgi = _publishing_other_keys(app) if impostor_keys else app
    server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return OIDCProvider(f"http://127.0.0.1:{server.server_port}", server)


def _publishing_other_keys(app):
    """The provider, except that /jwks lists a fresh key under the key id of the real one."""
    real = Client(app).get("/jwks").get_json()["keys"][0]
    other = RSAKey.generate_key(2048).as_dict(private=False)
    body = json.dumps(
        {"keys": [{**other, "kid": real.get("kid"), "alg": real.get("alg", "RS256"), "use": "sig"}]}
    )

    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") != "/jwks":
            return app(environ, start_response)
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body.encode()]

    return wsgi


def closed_port_url() -> str:
    """A loopback address where nothing listens: a broker that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def mitid_settings(provider_url: str) -> dict:
    return {
        "MITID_OIDC_ISSUER": provider_url,
        "MITID_OIDC_CLIENT_ID": CLIENT_ID,
        "MITID_OIDC_CLIENT_SECRET": CLIENT_SECRET,
    }
