"""axe-core (vendored in tests/browser/vendor/) on every survey screen of both shipped
questionnaires, with and without pins, on phone and tablet, and on the kiosk, login and
dashboard pages: no critical or serious violation. Each screen is also written to
test-artifacts/<questionnaire>-<device>-<screen>-<n>.png for a person to look at."""
import re
from pathlib import Path

import pytest

from survey_app.fieldwork import campaigns as campaigns_model
from tests.browser.conftest import shoot
from tests.browser.test_admin_browser import log_in
from tests.browser.test_dashboard_browser import _store
from tests.browser.test_map import pick, tap_map
from tests.browser.screens import answer_visible_questions

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SERIOUS = ("critical", "serious")
# Czech "ty" forms (whole words): none of them may appear on a screen for adults.
TY_FORMS = ("Tvoje", "tvoje", "Tvůj", "tvůj", "tvoji", "Posuň", "Přijď", "Ťukni", "Vyber", "Zkontroluj", "Chceš",
            "nemusíš", "Nepiš", "máš", "Můžeš", "cítíš", "Klikni", "Odpověz", "zavři", "posuneš", "smaž", "bojíš")
TY_RE = re.compile(r"\b(" + "|".join(TY_FORMS) + r")\b")


def axe_violations(page):
    """[(rule id, impact, first target)] of the critical and serious axe violations."""
    page.evaluate(AXE + "\n;0")  # evaluate() is not subject to the page's CSP
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], v["nodes"][0]["target"] if v["nodes"] else None)
            for v in result["violations"] if v["impact"] in SERIOUS]


def check(page, name, found):
    shoot(page, name)
    for violation in axe_violations(page):
        found.append((name, *violation))


def walk(page, live_server, questionnaire_id, device, found, max_screens=20, texts=None):
    page.goto(f"{live_server.url}/s/{questionnaire_id}")
    check(page, f"{questionnaire_id}-{device}-start", found)
    with page.expect_navigation():
        page.get_by_role("button", name="Začít").tap()
    for _ in range(max_screens):
        page.wait_for_load_state()
        if page.url.endswith("/dekujeme"):
            break
        screen = page.url.rsplit("/", 1)[1]
        name = f"{questionnaire_id}-{device}-{screen}"
        if page.locator(".map-widget:visible").count():
            page.wait_for_selector(".map-canvas .leaflet-pane img")
            check(page, name + "-empty", found)
            page.locator(".map-canvas").scroll_into_view_if_needed()
            tap_map(page, 120, 120)
            check(page, name + "-picker", found)
            feeling = "unsafe" if page.locator("dialog[open] [data-feeling]").count() else None
            pick(page, page.locator("dialog[open] [data-category]").first.get_attribute("data-category"), feeling)
            check(page, name + "-pin", found)
        else:
            check(page, name, found)
        if texts is not None:
            texts[screen] = page.locator("body").inner_text()
        answer_visible_questions(page)
        with page.expect_navigation():
            page.locator("button[value=next]").tap()
    assert page.url.endswith("/dekujeme")
    check(page, f"{questionnaire_id}-{device}-done", found)
    if texts is not None:
        texts["done"] = page.locator("body").inner_text()


@pytest.mark.parametrize("device", ["phone", "tablet"])
@pytest.mark.parametrize("questionnaire_id", ["deti-bezpeci", "dospeli-bezpeci"])
def test_axe__every_survey_screen__no_serious_violation(questionnaire_id, device, request, live_server):
    page = request.getfixturevalue(device)
    # The adults' map has OpenStreetMap tiles: answer them with the offline image's fallback.
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    found, texts = [], {}
    walk(page, live_server, questionnaire_id, device, found, texts=texts)
    assert found == []
    if questionnaire_id == "dospeli-bezpeci":  # an adult is addressed "vy" on every screen
        ty = {screen: TY_RE.findall(text) for screen, text in texts.items()}
        assert {screen: words for screen, words in ty.items() if words} == {}


def test_axe__kiosk_login_dashboard__no_serious_violation(tablet, live_app, live_server, users):
    page, found = tablet, []
    storage = live_app.extensions["survey_storage"]
    _, [channel] = campaigns_model.create_campaign(storage, "deti-bezpeci", "2026-podzim",
                                                   channels=[("tablet", "Sousedský dům Libuše")])
    page.goto(f"{live_server.url}/k/{channel['token']}")
    check(page, "kiosk-start", found)
    page.get_by_role("button", name="Začít").tap()
    page.wait_for_url("**/q/**")
    check(page, "kiosk-screen", found)
    page.goto(f"{live_server.url}/login")
    check(page, "login", found)
    _store(live_server.app)
    page.set_viewport_size({"width": 1280, "height": 1400})
    log_in(page, live_server, users, role="city", next_path="/admin/summaries/souhrn")
    page.wait_for_selector("[data-summary-map].leaflet-container")
    check(page, "dashboard", found)
    assert found == []
