"""Login, logout, sessions and the rate limit, through real HTTP round trips."""
import json as json_module
import re

import pytest

from survey_app import create_app
from tests.conftest import TEST_PASSWORD, csrf_token_from

LOGIN_FAILED = "Přihlášení se nepodařilo. Zkontrolujte e-mail a heslo."


def login(client, email, password=TEST_PASSWORD, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


def error_text(response) -> str | None:
    match = re.search(r'<p class="form-error" role="alert" id="login-error">([^<]*)</p>',
                      response.get_data(as_text=True))
    return match.group(1) if match else None


def test_login_page__czech_form_with_csrf_token(csrf_app):
    response = csrf_app.test_client().get("/login")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Přihlášení</h1>" in html
    assert csrf_token_from(html.replace('id="csrf_token" name="csrf_token" type="hidden"', 'name="csrf_token"'))
    assert response.headers["Cache-Control"] == "no-store, max-age=0"


def test_login__right_password__303_to_admin_home_and_logged_in(client, users):
    users("ana@example.cz", "facilitator")
    response = login(client, "ANA@example.cz ")
    assert (response.status_code, response.location) == (303, "/admin/")
    home = client.get("/admin/")
    assert home.status_code == 200
    assert '<span class="admin-email">ana@example.cz</span>' in home.get_data(as_text=True)


@pytest.mark.parametrize("next_url, expected", [
    ("/admin/questionnaires?x=1", "/admin/questionnaires?x=1"),
    ("https://evil.example/admin/", "/admin/"),
    ("//evil.example/admin/", "/admin/"),
    ("/\\evil.example", "/admin/"),
    ("javascript:alert(1)", "/admin/"),
    ("/admin/\r\nSet-Cookie: x=1", "/admin/"),
    ("/logout", "/admin/"),
    ("", "/admin/"),
])
def test_login__next__only_same_site_paths_followed(client, users, next_url, expected):
    users("ana@example.cz", "city")
    response = login(client, "ana@example.cz", next=next_url)
    assert (response.status_code, response.location) == (303, expected)


def test_login__next_from_protected_page__round_trip(client, users):
    users("ana@example.cz", "facilitator")
    redirect = client.get("/admin/questionnaires")
    assert (redirect.status_code, redirect.location) == (302, "/login?next=/admin/questionnaires")
    page = client.get(redirect.location).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/admin/questionnaires"' in page
    response = login(client, "ana@example.cz", next="/admin/questionnaires")
    assert response.location == "/admin/questionnaires"
    assert client.get("/admin/questionnaires").status_code == 200


def test_login__wrong_password_unknown_email_disabled__same_message_401(client, users, app):
    users("ana@example.cz", "admin")
    users("off@example.cz", "admin")
    runner = app.test_cli_runner()
    runner.invoke(args=["users", "disable", "off@example.cz"])
    answers = [login(client, "ana@example.cz", "wrong password!"),
               login(client, "nikdo@example.cz"),
               login(client, "not-an-email"),
               login(client, "off@example.cz")]
    assert [(r.status_code, error_text(r)) for r in answers] == [(401, LOGIN_FAILED)] * 4
    # the typed email is kept, the password never sent back
    html = answers[0].get_data(as_text=True)
    assert 'value="ana@example.cz"' in html and "wrong password!" not in html
    assert client.get("/admin/").status_code == 302


def test_login__empty_fields__422_with_field_messages(client):
    response = client.post("/login", data={"email": "", "password": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<span class="field-error">Zadejte svou e-mailovou adresu.</span>' in html
    assert '<span class="field-error">Zadejte své heslo.</span>' in html
    assert error_text(response) is None


def test_login__csrf_on_without_token__400_not_logged_in(csrf_app, users):
    users("ana@example.cz", "admin", app=csrf_app)
    client = csrf_app.test_client()
    response = login(client, "ana@example.cz")
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_login__clears_the_old_session_but_keeps_the_language(client, users):
    users("ana@example.cz", "admin")
    client.get("/?lang=en")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "ana@example.cz")
    with client.session_transaction() as session:
        assert sorted(session.keys()) == ["lang", "user_id", "user_seen", "user_token"]
        assert session["lang"] == "en"


def test_logout__get_confirms__post_clears_session(login_as):
    client = login_as("facilitator")
    page = client.get("/logout")
    assert page.status_code == 200
    assert '<form method="post" action="/logout">' in page.get_data(as_text=True)
    assert client.get("/admin/").status_code == 200  # a GET alone does not log out
    response = client.post("/logout")
    assert (response.status_code, response.location) == (303, "/login")
    assert "Byli jste odhlášeni." in client.get("/login").get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_logout__csrf_on_post_without_token__400_still_logged_in(csrf_app, login_as):
    client = login_as("city", client=csrf_app.test_client())
    assert client.post("/logout").status_code == 400
    assert client.get("/admin/").status_code == 200
    token = csrf_token_from(client.get("/admin/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/admin/").status_code == 302


def test_logout__anonymous_get__to_login(client):
    assert client.get("/logout").location == "/login"


def test_session__password_change_or_disable__ends_open_sessions(app, login_as):
    runner = app.test_cli_runner()
    client = login_as("facilitator")
    runner.invoke(args=["users", "set-password", "facilitator@example.org", "--password-stdin"],
                  input="a-brand-new-password\n")
    assert client.get("/admin/").status_code == 302
    other = login_as("city", client=app.test_client())
    runner.invoke(args=["users", "disable", "city@example.org"])
    assert other.get("/admin/").status_code == 302


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_logout__copied_cookie__stops_working_everywhere(app, login_as):
    client = login_as("facilitator")
    copied = session_cookie(client)
    second = login_as("facilitator", client=app.test_client())  # another browser, same account
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/admin/").status_code == 200
    assert client.post("/logout").status_code == 303
    assert thief.get("/admin/").status_code == 302
    assert second.get("/admin/").status_code == 302  # logout ends every session of the account
    assert login_as("facilitator", client=app.test_client()).get("/admin/").status_code == 200


def test_session__cookie__carries_a_random_token_not_part_of_the_hash(app, login_as, storage):
    client = login_as("admin")
    with client.session_transaction() as session:
        token = session["user_token"]
    user = storage.table("users").all()[0]
    assert token == user["session_token"] and len(token) == 43
    assert token not in user["password_hash"] and user["password_hash"][-16:] not in token
    assert all(not isinstance(v, str) or user["password_hash"][-16:] not in v for v in session.values())


def test_session__account_without_token__gets_one_at_login(app, users, storage, client):
    users("ana@example.cz", "admin")
    storage.table("users").update({"session_token": None}, doc_ids=[1])
    assert login(client, "ana@example.cz").status_code == 303
    assert client.get("/admin/").status_code == 200
    assert len(storage.table("users").get(doc_id=1)["session_token"]) == 43


def test_session_cookie__httponly_samesite_lax(client, users):
    users("ana@example.cz", "admin")
    cookie = login(client, "ana@example.cz").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie__secure_when_base_url_is_https(app_config):
    app = create_app({**app_config, "BASE_URL": "https://bezpeci.litvinov.cz/"})
    client = app.test_client()
    with app.app_context():
        from survey_app.web.auth.accounts import get_users
        get_users().create("ana@example.cz", TEST_PASSWORD, "admin")
    cookie = login(client, "ana@example.cz").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login__shared_limit__6th_failure_for_one_account_429_saying_how_long(app_config):
    app = create_app({**app_config, "RATELIMIT_ENABLED": True})
    client = app.test_client()
    statuses = [login(client, "nikdo@example.cz", password="spatne-heslo").status_code for _ in range(8)]
    assert statuses == [401] * 6 + [429] * 2  # the 6th is checked and starts a 2 s wait
    limited = login(client, "nikdo@example.cz")
    assert limited.status_code == 429 and limited.headers["Retry-After"] in ("1", "2")
    wait = limited.headers["Retry-After"]
    assert error_text(limited) == f"Příliš mnoho neúspěšných přihlášení. Počkejte {wait} s a zkuste to znovu."
    assert client.get("/login").status_code == 200  # reading the form is not limited
    json = client.post("/login?lang=en", data={"email": "nikdo@example.cz"}, headers={"Accept": "application/json"})
    assert json.status_code == 429
    assert json.get_json() == {"error": "too_many_requests", "retry_after": int(json.headers["Retry-After"]),
                               "message": f"Too many failed logins. Please wait {json.headers['Retry-After']} s"
                                          " and try again."}


def test_login__shared_limit__other_account_from_other_address_unaffected(app_config, users):
    app = create_app({**app_config, "RATELIMIT_ENABLED": True})
    users("ana@example.cz", "admin", app=app)
    client = app.test_client()
    for _ in range(7):
        login(client, "nikdo@example.cz", password="x", environ_base={"REMOTE_ADDR": "192.0.2.1"})
    other = app.test_client()
    response = other.post("/login", data={"email": "ana@example.cz", "password": TEST_PASSWORD},
                          environ_base={"REMOTE_ADDR": "192.0.2.2"})
    assert response.status_code == 303


def test_login__shared_limit__file_holds_no_address_or_email(app_config, users, tmp_path):
    app = create_app({**app_config, "RATELIMIT_ENABLED": True})
    client = app.test_client()
    login(client, "nikdo@example.cz", password="x", environ_base={"REMOTE_ADDR": "192.0.2.77"})
    text = (tmp_path / "data" / "login-limits.json").read_text()
    assert "192.0.2.77" not in text and "nikdo" not in text and "example" not in text
    assert len(json_module.loads(text)) == 2


@pytest.mark.parametrize("role, sections", [
    ("admin", ["Dotazníky", "Uživatelé"]),
    ("facilitator", ["Dotazníky"]),
    ("city", []),
])
def test_admin_home__menu_lists_what_the_role_allows(login_as, role, sections):
    html = login_as(role).get("/admin/").get_data(as_text=True)
    nav = html.split('<nav class="admin-nav"', 1)[1].split("</nav>", 1)[0]
    found = re.findall(r'<a href="/admin/[^"]+"[^>]*>([^<]+)</a>', nav)
    # sections other engineers add later may appear too; ours must be exactly right
    assert [s for s in found if s in ("Dotazníky", "Uživatelé")] == sections


def test_admin_users__admin_sees_list_without_hashes(login_as):
    client = login_as("admin")
    login_as("city", client=client.application.test_client())
    html = client.get("/admin/users").get_data(as_text=True)
    assert "<td>city@example.org</td><td>city</td><td>ano</td>" in html
    assert "$argon2" not in html
    assert client.get("/admin/users", headers={"Accept": "application/json"}).get_json()[0]["email"] == "admin@example.org"


def test_session__idle_longer_than_the_limit__logged_out(app, login_as, monkeypatch):
    import survey_app.web.auth.access as access
    client = login_as("facilitator")
    now = access.time.time()
    monkeypatch.setattr(access.time, "time", lambda: now + 119 * 60)
    assert client.get("/admin/").status_code == 200  # used again: the clock restarts
    monkeypatch.setattr(access.time, "time", lambda: now + 119 * 60 + 121 * 60)
    assert client.get("/admin/").status_code == 302
