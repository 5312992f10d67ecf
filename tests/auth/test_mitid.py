"""Logging in with MitID: the portal's real Authlib client against a real OpenID Connect provider
on loopback (tests/support/oidc_provider.py), the portal through its own pages."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from app import create_app
from app.auth import mitid
from app.extensions import db
from app.models import AuditEvent, Helper, LoginSession
from app.notifications import worker
from tests.conftest import FreshRequestClient, empty_all_tables
from tests.factories import make_citizen, make_helper
from tests.support.forms import submit
from tests.support.login import last_code
from tests.support.oidc_provider import closed_port_url, mitid_settings, start_oidc_provider

METTE = "0101901234"


@pytest.fixture
def provider(request):
    """A provider per test; `indirect` parameters choose a broken one."""
    provider = start_oidc_provider(**getattr(request, "param", {}))
    yield provider
    provider.stop()


@pytest.fixture
def app(database_url, tmp_path, provider):
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_url,
        UPLOAD_DIR=str(tmp_path / "uploads"),
        **mitid_settings(provider.url),
    )
    app.test_client_class = FreshRequestClient
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        empty_all_tables()


def start(client, path: str = "/log-ind/mitid") -> str:
    """Press "Log in with MitID": return the provider's authorize URL the portal sends us to."""
    response = client.get(path)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def come_back(client, callback_url: str):
    parts = urlsplit(callback_url)
    assert parts.path == "/log-ind/mitid/svar"
    return client.get(f"{parts.path}?{parts.query}")


def log_in_with_mitid(client, provider, sub: str, path: str = "/log-ind/mitid"):
    return come_back(client, provider.approve(start(client, path), sub))


def signed_in_sessions() -> int:
    return len(db.session.scalars(select(LoginSession).where(LoginSession.ended_at.is_(None))).all())


def test_the_button_is_there_only_when_a_broker_is_configured(app, client, database_url):
    assert 'id="mitid-login"' in client.get("/log-ind").get_data(as_text=True)
    assert 'id="mitid-login"' in client.get("/hjaelper/log-ind").get_data(as_text=True)
    plain = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    assert 'id="mitid-login"' not in plain.test_client().get("/log-ind").get_data(as_text=True)
    assert plain.test_client().get("/log-ind/mitid").headers["Location"].startswith("/log-ind")


def test_the_login_request_uses_pkce_state_and_nonce(app, client):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0] and query["scope"] == ["openid"]
    assert query["redirect_uri"] == ["http://127.0.0.1:5000/log-ind/mitid/svar"]


def test_the_return_address_names_the_mount_path_once(app, client):
    """Mounted at /borger behind a proxy: the broker gets the public address of the callback,
    not the mount path twice (the request's own path already holds it)."""
    app.config["PUBLIC_BASE_URL"] = "https://kommune.example.dk/borger"
    response = client.get("/log-ind/mitid", base_url="https://kommune.example.dk/borger/")
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["redirect_uri"] == ["https://kommune.example.dk/borger/log-ind/mitid/svar"]


def test_a_citizen_logs_in_with_mitid_and_lands_where_they_were_going(app, client, provider):
    citizen = make_citizen(cpr=METTE, name="Mette Hansen")
    db.session.commit()
    provider.add_person("mette-sub", METTE)
    response = log_in_with_mitid(client, provider, "mette-sub", "/log-ind/mitid?next=/min-side/aktivitet")
    assert response.status_code == 302 and response.headers["Location"] == "/min-side/aktivitet"
    activity = client.get("/min-side/aktivitet").get_data(as_text=True)
    assert "Mette Hansen" in activity and "Logget ind med MitID" in activity
    event = db.session.scalar(select(AuditEvent).filter_by(action="citizen.logged_in_with_mitid"))
    assert (event.citizen_id, event.actor_type, event.actor_id) == (citizen.id, "citizen", citizen.id)
    assert signed_in_sessions() == 1  # a server-side session like a code login's


def test_a_next_page_on_another_site_is_ignored(app, client, provider):
    make_citizen(cpr=METTE)
    db.session.commit()
    provider.add_person("mette-sub", METTE)
    response = log_in_with_mitid(client, provider, "mette-sub", "/log-ind/mitid?next=//evil.example/x")
    assert response.headers["Location"] == "/min-side/"


def test_logging_out_ends_the_session_here_and_at_the_broker(app, client, provider):
    make_citizen(cpr=METTE)
    db.session.commit()
    provider.add_person("mette-sub", METTE)
    log_in_with_mitid(client, provider, "mette-sub")
    csp = client.get("/min-side/").headers["Content-Security-Policy"]
    assert f"form-action 'self' {provider.url};" in csp  # the log-out form may continue there
    response = submit(client, "/log-ud", {}, form_page="/min-side/")
    broker = urlsplit(response.headers["Location"])
    assert f"{broker.scheme}://{broker.netloc}" == provider.url and broker.path == "/oauth2/end_session"
    query = parse_qs(broker.query)
    assert query["post_logout_redirect_uri"] == ["http://127.0.0.1:5000/"] and query["id_token_hint"][0]
    assert signed_in_sessions() == 0
    assert client.get("/min-side/").status_code == 302


def test_an_unknown_cpr_number_gets_a_neutral_answer_and_no_session(app, client, provider):
    provider.add_person("stranger", "0202021234")
    response = log_in_with_mitid(client, provider, "stranger")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Hvis du er tilmeldt et jobcenter" in page and 'href="/log-ind"' in page
    assert "0202021234" not in page and "020202" not in page
    assert signed_in_sessions() == 0 and client.get("/min-side/").status_code == 302


def test_a_wrong_state_is_refused(app, client, provider, caplog):
    make_citizen(cpr=METTE)
    db.session.commit()
    provider.add_person("mette-sub", METTE)
    callback = provider.approve(start(client), "mette-sub")
    forged = callback.replace("state=", "state=x")
    response = come_back(client, forged)
    assert response.status_code == 400 and "Log ind med en kode" in response.get_data(as_text=True)
    assert signed_in_sessions() == 0
    assert "(MismatchingStateError)" in caplog.text  # refused for this reason, not another


def test_a_replayed_code_is_refused(app, client, provider, caplog):
    make_citizen(cpr=METTE)
    db.session.commit()
    provider.add_person("mette-sub", METTE)
    first = provider.approve(start(client), "mette-sub")
    come_back(client, first)
    submit(client, "/log-ud", {}, form_page="/min-side/")
    # The old code, with the state of a new login in the same browser: the provider refuses it.
    new_state = parse_qs(urlsplit(start(client)).query)["state"][0]
    old_code = parse_qs(urlsplit(first).query)["code"][0]
    response = client.get(f"/log-ind/mitid/svar?code={old_code}&state={new_state}")
    assert response.status_code == 400 and "Log ind med en kode" in response.get_data(as_text=True)
    assert signed_in_sessions() == 0
    assert "(OAuthError)" in caplog.text  # refused for this reason, not another


@pytest.mark.parametrize("provider", [{"impostor_keys": True}], indirect=True)
def test_an_id_token_signed_by_another_key_is_refused(app, client, provider, caplog):
    make_citizen(cpr=METTE)
    db.session.commit()
    provider.add_person("mette-sub", METTE)
    response = log_in_with_mitid(client, provider, "mette-sub")
    assert response.status_code == 400 and "kunne ikke gøres færdig" in response.get_data(as_text=True)
    assert signed_in_sessions() == 0
    assert "(BadSignatureError)" in caplog.text  # refused for this reason, not another


@pytest.mark.parametrize("provider", [{"token_lifetime": timedelta(minutes=-10)}], indirect=True)
def test_an_expired_id_token_is_refused(app, client, provider, caplog):
    make_citizen(cpr=METTE)
    db.session.commit()
    provider.add_person("mette-sub", METTE)
    response = log_in_with_mitid(client, provider, "mette-sub")
    assert response.status_code == 400 and "kunne ikke gøres færdig" in response.get_data(as_text=True)
    assert signed_in_sessions() == 0
    assert "(ExpiredTokenError)" in caplog.text  # refused for this reason, not another


@pytest.mark.parametrize("level", ["Low", "https://data.gov.dk/concept/core/nsis/Low", None])
def test_a_level_of_assurance_below_substantial_is_refused(app, client, provider, level):
    make_citizen(cpr=METTE)
    db.session.commit()
    provider.add_person("mette-sub", METTE, loa=level)
    response = log_in_with_mitid(client, provider, "mette-sub")
    assert response.status_code == 403 and "Betydelig" in response.get_data(as_text=True)
    assert signed_in_sessions() == 0


def test_high_is_above_the_minimum_and_the_minimum_is_a_setting(app, client, provider):
    make_citizen(cpr=METTE)
    db.session.commit()
    provider.add_person("mette-sub", METTE, loa="https://data.gov.dk/concept/core/nsis/High")
    assert log_in_with_mitid(client, provider, "mette-sub").headers["Location"] == "/min-side/"
    submit(client, "/log-ud", {}, form_page="/min-side/")
    app.config["MITID_OIDC_MIN_LOA"] = "high"
    provider.add_person("mette-sub", METTE, loa="SUBSTANTIAL")
    assert log_in_with_mitid(client, provider, "mette-sub").status_code == 403


def test_the_cpr_claim_name_is_a_setting(app, client, provider):
    make_citizen(cpr=METTE)
    db.session.commit()
    provider.add_person("mette-sub", METTE)
    app.config["MITID_OIDC_CPR_CLAIM"] = "cprNumberIdentifier"  # another broker's name: not in the token
    assert log_in_with_mitid(client, provider, "mette-sub").status_code == 403


def test_cancelling_at_the_broker_offers_the_code_login(app, client, provider):
    response = come_back(client, provider.deny(start(client)))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Du stoppede" in page and 'href="/log-ind"' in page


@pytest.mark.engine_independent
def test_a_broker_that_is_down_gets_a_page_not_a_crash():
    down = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", **mitid_settings(closed_port_url()))
    with down.app_context():
        response = down.test_client().get("/log-ind/mitid?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and "We cannot reach MitID" in page and "Traceback" not in page


def test_a_broker_that_goes_down_during_the_login_gets_a_page(app, client, provider):
    make_citizen(cpr=METTE)
    db.session.commit()
    provider.add_person("mette-sub", METTE)
    callback = provider.approve(start(client), "mette-sub")
    provider.stop()
    response = come_back(client, callback)
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and "Vi kan ikke få forbindelse til MitID" in page
    assert 'href="/log-ind"' in page
    assert signed_in_sessions() == 0


def test_a_helper_links_mitid_with_a_code_once_then_mitid_is_enough(app, client, provider, twilio):
    helper = make_helper(phone="+4520123499", name="Mona")
    db.session.commit()
    provider.add_person("mona-sub", "0303801234")
    response = log_in_with_mitid(client, provider, "mona-sub", "/hjaelper/log-ind/mitid")
    assert urlsplit(response.headers["Location"]).path == "/hjaelper/log-ind"
    assert signed_in_sessions() == 0  # not before the phone is proven
    submit(client, "/hjaelper/log-ind", {"phone": "20123499"})
    worker.run_once()
    assert submit(client, "/hjaelper/log-ind/kode", {"code": last_code(twilio)}).status_code == 302
    db.session.refresh(helper)
    assert helper.mitid_key and "0303801234" not in helper.mitid_key
    assert db.session.scalar(select(AuditEvent).filter_by(action="helper.mitid_linked")).actor_id == helper.id
    submit(client, "/log-ud", {}, form_page="/hjaelper/")

    response = log_in_with_mitid(client, provider, "mona-sub", "/hjaelper/log-ind/mitid")
    assert response.headers["Location"] == "/hjaelper/"
    assert "Mona" in client.get("/hjaelper/").get_data(as_text=True)
    assert db.session.scalar(select(Helper).where(Helper.mitid_key.is_not(None))).id == helper.id


def test_level_words_from_the_common_brokers():
    assert [
        mitid.level_of(v) for v in ("Low", "SUBSTANTIAL", "https://data.gov.dk/concept/core/nsis/High")
    ] == [0, 1, 2]
    assert mitid.level_of("urn:eident:cert:eidas:substantial") == 1
    assert mitid.level_of("gold") is None and mitid.level_of(3) is None
    assert not mitid.meets_level(None, "substantial")


@pytest.mark.parametrize(
    "query", ["", "?code=abc", "?state=abc", "?error=server_error", "?code=a&state=b&iss=x"]
)
def test_a_callback_nobody_started_gets_a_page_not_a_crash(app, client, query):
    response = client.get("/log-ind/mitid/svar" + query)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'href="/log-ind"' in page
    assert signed_in_sessions() == 0


@pytest.mark.engine_independent
def test_a_minimum_level_that_is_no_nsis_level_stops_the_start():
    with pytest.raises(RuntimeError, match="MITID_OIDC_MIN_LOA"):
        create_app(
            "testing",
            SQLALCHEMY_DATABASE_URI="sqlite://",
            MITID_OIDC_MIN_LOA="medium",
            **mitid_settings("http://x"),
        )
