import re

import pytest

from app import create_app

pytestmark = pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py


def test_every_page_gets_a_strict_content_security_policy_with_a_fresh_nonce(client):
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in first
    assert "frame-ancestors 'none'" in first
    assert "object-src 'none'" in first
    nonces = [re.search(r"'nonce-([^']+)'", csp).group(1) for csp in (first, second)]
    assert nonces[0] != nonces[1]


def test_baseline_headers(client):
    headers = client.get("/").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # only production, behind TLS


def test_hsts_is_sent_in_production(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-value")
    app = create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://")
    response = app.test_client().get("/", base_url="https://borgerportal.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_public_pages_may_be_cached_but_error_pages_may_not(client):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    assert client.get("/does-not-exist").headers["Cache-Control"] == "no-store"
