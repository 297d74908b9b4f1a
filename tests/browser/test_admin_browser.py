"""Login and the questionnaire preview in Chromium: the CSRF-protected form, the
session cookie, and the preview frames that the CSP must let through (only here)."""
import re

from tests.conftest import TEST_PASSWORD


def log_in(page, live_server, users, role="facilitator", next_path="/admin/questionnaires"):
    users(f"{role}@example.org", role, app=live_server.app)
    page.goto(f"{live_server.url}{next_path}")
    assert re.search(r"/login\?next=", page.url)
    page.fill("#email", f"{role}@example.org")
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{next_path}")


def test_login_form__wrong_then_right_password__lands_on_next_page(tablet, live_server, users):
    users("ana@example.org", "facilitator", app=live_server.app)
    tablet.goto(f"{live_server.url}/admin/questionnaires")
    tablet.fill("#email", "ana@example.org")
    tablet.fill("#password", "spatne-heslo-123")
    tablet.click("button[type=submit]")
    assert tablet.text_content("#login-error") == "Přihlášení se nepodařilo. Zkontrolujte e-mail a heslo."
    assert tablet.input_value("#password") == ""
    tablet.fill("#password", TEST_PASSWORD)
    tablet.click("button[type=submit]")
    tablet.wait_for_url(f"{live_server.url}/admin/questionnaires")
    assert tablet.text_content("h1") == "Dotazníky"
    cookie = next(c for c in tablet.context.cookies() if c["name"] == "session")
    assert (cookie["httpOnly"], cookie["sameSite"]) == (True, "Lax")
    tablet.click("text=Odhlásit se")
    tablet.wait_for_url(f"{live_server.url}/login")
    tablet.goto(f"{live_server.url}/admin/")
    assert "/login?next=/admin/" in tablet.url


def test_preview__phone_frame_is_360px_and_walks_like_the_survey(tablet, live_server, users):
    tablet.set_viewport_size({"width": 1280, "height": 1400})
    log_in(tablet, live_server, users, next_path="/admin/questionnaires/deti-bezpeci/preview")
    errors = []
    tablet.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone = tablet.frame_locator("iframe[name=preview-phone]")
    assert phone.locator("h1").text_content().strip() == "Jak se cítíš v Janově?"  # the speaker button follows the title
    widths = [f.evaluate("document.documentElement.clientWidth") for f in tablet.frames[1:]]
    assert sorted(widths) == [360, 800]
    phone.locator("button[type=submit]").click()
    phone.locator(".progress-text").wait_for()
    assert re.fullmatch(r"1 / \d+", phone.locator(".progress-text").text_content())
    assert not [e for e in errors if "Content Security Policy" in e or "frame" in e.lower()]
