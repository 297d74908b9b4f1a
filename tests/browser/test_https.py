"""Behind an HTTPS proxy every form works (issue 13, finding 1): Chromium over TLS logs in,
finishes the children's survey and records a focus-group note.

The "proxy" is what nginx does in docs/security.md: TLS ends in front of the app, which
gets plain HTTP with X-Forwarded-Proto: https and X-Forwarded-For, and runs with
SURVEY_PROXY_FIX=1. Here the TLS end is werkzeug's server with a self-signed certificate
for 127.0.0.1 (made with openssl), and a small WSGI wrapper adds the headers the proxy
would add. On main the login form got 400 "Platnost formuláře vypršela": Flask-WTF
demanded a Referer that `Referrer-Policy: no-referrer` kept Chromium from sending.
"""
import subprocess
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from survey_app import create_app
from survey_app.fieldwork import campaigns
from survey_app.fieldwork import focus_groups as fg
from tests.browser.conftest import TABLET
from tests.browser.test_survey_browser import _finish

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return str(cert), str(key)


class TlsProxyHeaders:
    """What the TLS-terminating proxy hands the app: plain HTTP plus X-Forwarded-*."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        environ["wsgi.url_scheme"] = "http"
        environ["HTTP_X_FORWARDED_PROTO"] = "https"
        environ["HTTP_X_FORWARDED_FOR"] = environ.get("REMOTE_ADDR", "127.0.0.1")
        return self.app(environ, start_response)


@pytest.fixture
def https_app(app_config):
    app = create_app({**app_config, "WTF_CSRF_ENABLED": True, "PROXY_FIX": 1})
    app.config["SESSION_COOKIE_SECURE"] = True  # what BASE_URL=https://... sets
    return app


@pytest.fixture
def https_url(https_app, certificate):
    server = make_server("127.0.0.1", 0, TlsProxyHeaders(https_app.wsgi_app), threaded=True,
                         ssl_context=certificate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def https_tablet(browser):
    context = browser.new_context(locale="cs-CZ", ignore_https_errors=True, **TABLET)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_https_behind_proxy__login_survey_and_focus_group_note__all_forms_work(https_app, https_url, https_tablet,
                                                                             users):
    storage = https_app.extensions["survey_storage"]
    users("jana@example.org", "facilitator", app=https_app)
    campaign, _ = campaigns.create_campaign(storage, "deti-bezpeci", "2026-jaro", channels=[("focus_group", "Libuše")])
    spec = fg.spec_for(https_app.extensions["survey_registry"].get("deti-bezpeci"))
    form = {"campaign_id": str(campaign["id"]), "date": "2026-03-12", "place": "Libuše", "facilitators": "Jana",
            "comp__8-11__girl": "3", "parental_consents": "3", "assents": "3", "consent_confirmed": "y"}
    record = fg.create_session(storage, spec, fg.parse_session(form, spec, {campaign["id"]: campaign}.get), "x")
    page = https_tablet

    # A child finishes the survey over HTTPS (every screen is a CSRF-protected form).
    response = page.goto(f"{https_url}/s/deti-bezpeci")
    assert response.headers["referrer-policy"] == "same-origin"
    with page.expect_navigation():
        page.get_by_role("button", name="Začít").tap()
    _finish(page, "deti-bezpeci", "Hřiště s houpačkou")
    expect(page.locator(".help-box")).to_contain_text("116 111")
    [stored] = storage.responses("deti-bezpeci")
    assert stored["answers"]["prani"] == "Hřiště s houpačkou"

    # A facilitator logs in and records a note.
    page.goto(f"{https_url}/admin/focus-groups/{record['id']}")
    assert "/login" in page.url
    page.fill("input[name=email]", "jana@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"**/admin/focus-groups/{record['id']}")
    cookie = next(c for c in page.context.cookies() if c["name"] == "session")
    assert cookie["secure"] and cookie["httpOnly"]
    page.locator("select[name=place]").select_option("janov-hriste")
    page.locator("input[name=category][value=rasismus]").check()
    page.locator("input[name=experience][value=own]").check()
    page.fill("textarea[name=quote]", "Křičeli na nás kvůli barvě kůže.")
    page.fill("input[name=agreed]", "3")
    page.locator("[data-fg-add-note]").click()
    page.wait_for_load_state()
    assert page.locator("[data-fg-error]").count() == 0
    notes = fg.get_session(storage, record["id"])["notes"]
    assert [(n["place"], n["category"], n["quote"]) for n in notes] == [
        ("janov-hriste", "rasismus", "Křičeli na nás kvůli barvě kůže.")]

