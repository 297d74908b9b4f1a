"""Kiosk mode on the shared tablet, in Chromium: one child after another starts clean,
Back never shows the previous child's answers, an idle run is cleared, the thank-you
page keeps the help line until "Hotovo" or a visible 60 s countdown. Playwright's
clock replaces the real waiting (60 s return, 90 s idle, 20 s prompt)."""
import re

import pytest

from survey_app.fieldwork import campaigns as model
from tests.conftest import TEST_PASSWORD

SECRET = "Tajné přání 42"


pytestmark = pytest.mark.usefixtures("only_mini_questionnaire")


@pytest.fixture
def kiosk(live_app, live_server):
    storage = live_app.extensions["survey_storage"]
    campaign, [tablet] = model.create_campaign(storage, "mini", "2026-podzim",
                                               channels=[("tablet", "Sousedský dům Libuše")])
    return {"storage": storage, "campaign": campaign, "token": tablet["token"],
            "url": f"{live_server.url}/k/{tablet['token']}"}


def answer_all(page, forget_first=False):
    """One child's run through `mini` by tapping, as on the tablet. `forget_first`:
    the child taps Next without an answer first and gets the error message."""
    page.get_by_role("button", name="Začít").click()
    page.wait_for_url("**/s/mini/q/vek")
    if forget_first:
        page.click("button[value=next]")
        page.get_by_text("Tuto otázku je potřeba vyplnit.").wait_for()
    page.locator('input[name=vek][value="8-11"]').check(force=True)
    page.click("button[value=next]")
    page.wait_for_url("**/q/pocit")
    page.locator('input[name=pocit][value="2"]').check(force=True)
    page.click("button[value=next]")
    page.wait_for_url("**/q/strach")
    page.locator('input[name=strach][value="tma"]').check(force=True)
    page.click("button[value=next]")
    page.wait_for_url("**/q/kde")
    page.locator('input[name=kde][value="park"]').check(force=True)
    page.click("button[value=next]")
    page.wait_for_url("**/q/prani")
    page.fill("textarea[name=prani]", SECRET)
    page.click("button[value=next]")
    page.wait_for_url("**/s/mini/dekujeme")


def assert_no_answers_visible(page):
    assert page.locator("input:checked").count() == 0
    assert SECRET not in page.content()
    assert all(value == "" for value in page.locator("textarea, input[type=text]").evaluate_all(
        "els => els.map(e => e.value)"))


def test_kiosk__finished_run__returns_by_itself__back_never_shows_answers(tablet, kiosk, live_app, users, live_server):
    page = tablet
    page.clock.install()
    # A facilitator sets the tablet up from the campaign page, then hands it over.
    users("facilitator@example.org", "facilitator", app=live_app)
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=email]", "facilitator@example.org")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(f"{live_server.url}/admin/campaigns/{kiosk['campaign']['id']}")
    page.click(f"a[href='/k/{kiosk['token']}']")
    page.wait_for_url(kiosk["url"])
    entries = page.evaluate("history.length")

    answer_all(page)
    assert page.get_by_text("Linka bezpečí").first.is_visible()
    page.clock.fast_forward(60_000)
    page.wait_for_url(kiosk["url"])
    assert page.get_by_role("button", name="Začít").is_visible()
    # The child's pages replaced each other in the history: none of them is there.
    assert page.evaluate("history.length") == entries
    [record] = kiosk["storage"].responses("mini")
    assert record["answers"]["prani"] == SECRET and record["channel"] == "tablet"

    page.go_back()  # the next child presses Back: the admin page, now asking for a login
    page.wait_for_url(re.compile(r"/login\?next="))
    assert_no_answers_visible(page)
    # Typing an address of the finished run leads back to the kiosk start, empty.
    page.goto(f"{live_server.url}/s/mini/q/prani")
    page.wait_for_url(kiosk["url"])
    assert_no_answers_visible(page)

    # The next child forgets an answer first: the error page is a real form post, the
    # one history entry it leaves sends Back to the kiosk start.
    page.goto(kiosk["url"])
    answer_all(page, forget_first=True)
    page.clock.fast_forward(60_000)
    page.wait_for_url(kiosk["url"])
    page.go_back()
    page.wait_for_url(kiosk["url"])
    assert_no_answers_visible(page)
    records = kiosk["storage"].responses("mini")
    assert len(records) == 2 and records[0]["submission_id"] != records[1]["submission_id"]


def test_kiosk__idle_90_s_asks__no_answer_in_20_s_clears_the_run(tablet, kiosk):
    page = tablet
    page.clock.install()
    page.goto(kiosk["url"])
    page.get_by_role("button", name="Začít").click()
    page.wait_for_url("**/q/vek")
    page.locator('input[name=vek][value="12-14"]').check(force=True)
    page.click("button[value=next]")
    page.wait_for_url("**/q/pocit")
    drafts = kiosk["storage"].drafts_dir
    assert len(list(drafts.glob("*.json"))) == 1
    prompt = page.get_by_text("Jsi tu ještě?")
    page.clock.fast_forward(89_000)
    assert not prompt.is_visible()
    page.clock.fast_forward(1_000)
    prompt.wait_for(state="visible")
    assert page.get_by_role("button", name="Ano, pokračuji").is_visible()
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith(f"/k/{kiosk['token']}/reset")):
        page.clock.fast_forward(20_000)
    page.wait_for_url(kiosk["url"])
    assert list(drafts.glob("*.json")) == []
    assert kiosk["storage"].responses("mini") == []
    page.go_back()
    assert "/s/mini/q/" not in page.url
    assert_no_answers_visible(page)


def test_kiosk__idle_prompt__continue_keeps_the_run(tablet, kiosk):
    page = tablet
    page.clock.install()
    page.goto(kiosk["url"])
    page.get_by_role("button", name="Začít").click()
    page.wait_for_url("**/q/vek")
    page.locator('input[name=vek][value="12-14"]').check(force=True)
    page.clock.fast_forward(90_000)
    page.get_by_role("button", name="Ano, pokračuji").click()
    assert not page.get_by_text("Jsi tu ještě?").is_visible()
    page.clock.fast_forward(30_000)  # past the 20 s: nothing is cleared
    assert page.url.endswith("/s/mini/q/vek") and page.locator('input[name=vek][value="12-14"]').is_checked()
    assert len(list(kiosk["storage"].drafts_dir.glob("*.json"))) == 1


def test_kiosk_done__stays_30_s_with_countdown__returns_at_60_s(tablet, kiosk):
    page = tablet
    page.clock.install()
    page.goto(kiosk["url"])
    answer_all(page)
    countdown = page.locator("[data-kiosk-countdown]")
    assert countdown.text_content() == "Zpět na začátek za 60 s" and countdown.is_visible()
    assert page.locator("h1").text_content() == "Děkujeme!"
    page.clock.fast_forward(30_000)
    assert page.url.endswith("/s/mini/dekujeme")
    assert page.locator("a.phone").is_visible()
    assert countdown.text_content() == "Zpět na začátek za 30 s"
    page.clock.fast_forward(29_000)
    assert page.url.endswith("/s/mini/dekujeme") and countdown.text_content() == "Zpět na začátek za 1 s"
    page.clock.fast_forward(1_000)
    page.wait_for_url(kiosk["url"])
    assert page.get_by_role("button", name="Začít").is_visible()


def test_kiosk_done__hotovo__back_to_the_start__next_child_sees_no_answers(tablet, kiosk):
    page = tablet
    page.clock.install()
    page.goto(kiosk["url"])
    answer_all(page)
    page.clock.fast_forward(5_000)
    page.get_by_role("link", name="Hotovo").click()
    page.wait_for_url(kiosk["url"])
    assert_no_answers_visible(page)
    page.get_by_role("button", name="Začít").click()
    page.wait_for_url("**/s/mini/q/vek")
    assert_no_answers_visible(page)
    page.go_back()
    assert "/dekujeme" not in page.url and "/q/prani" not in page.url
    assert_no_answers_visible(page)


def test_kiosk_start__shows_the_help_line(tablet, kiosk):
    page = tablet
    page.goto(kiosk["url"])
    line = page.locator(".helpline")
    assert line.is_visible() and " ".join(line.inner_text().split()) == "Linka bezpečí 116 111"
    assert page.locator("a.phone").get_attribute("href") == "tel:116111"
