"""Both surveys walked on a 360x740 touch phone in Czech, Ukrainian and English (issue 14):
every screen fits the width, "Next" is reachable, a pin can be placed, an adult is
never addressed as a child, and the run ends on the thank-you page with the answers
stored. Every screen is written as viewport-sized screenshots to FIELD_GAPS_SHOTS
(default test-artifacts/field-gaps/) for a person to look at."""
import os
import re
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_map import pick, tap_map
from tests.browser.screens import answer_visible_questions

SHOTS = Path(os.environ.get("FIELD_GAPS_SHOTS", ARTIFACTS / "field-gaps"))
START = {"cs": "Začít", "uk": "Почати", "en": "Start"}
DONE = {"cs": "Děkujeme!", "uk": "Дякуємо!", "en": "Thank you!"}
# Words that address a child ("ty"); none may appear on an adults' screen.
TY = {
    "cs": ("Tvoje", "tvoje", "Tvůj", "tvůj", "tvoji", "Posuň", "Přijď", "Ťukni", "Vyber", "Zkontroluj", "Chceš",
           "nemusíš", "Nepiš", "máš", "Můžeš", "můžeš", "cítíš", "Klikni", "Odpověz", "zavři", "posuneš", "smaž",
           "bojíš", "Napiš", "Ukaž"),
    "uk": ("Вибери", "вибери", "Торкнися", "Твої", "твої", "Твоя", "твоя", "Можеш", "можеш", "Напиши", "Перевір",
           "Покажи", "Посунь", "Видали", "почуваєшся", "Дай", "закрий"),
    "en": (),
}


def shoot(page, name, max_shots=4):
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = page.viewport_size["height"]
    total = page.evaluate("document.documentElement.scrollHeight")
    for i in range(min(max_shots, max(1, -(-total // height)))):
        page.evaluate(f"window.scrollTo(0, {i * height})")
        page.screenshot(path=str(SHOTS / f"{name}-{i + 1}.png"))
    page.evaluate("window.scrollTo(0, 0)")


def walk(page, base, questionnaire_id, lang, max_screens=20):
    """Walk the survey; returns {screen: body text} and the problems found on the way."""
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(f"{base}/s/{questionnaire_id}?lang={lang}")
    prefix = f"{questionnaire_id}-{lang}"
    shoot(page, f"{prefix}-00-start")
    texts, problems = {"start": page.locator("body").inner_text()}, []
    with page.expect_navigation():
        page.get_by_role("button", name=START[lang]).tap()
    for number in range(1, max_screens):
        page.wait_for_load_state()
        if page.url.split("?")[0].endswith("/dekujeme"):
            break
        screen = page.url.split("?")[0].rsplit("/", 1)[1]
        name = f"{prefix}-{number:02d}-{screen}"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            problems.append((screen, f"{width}px wide"))
        if page.locator(".map-widget:visible").count():
            page.wait_for_selector(".map-canvas .leaflet-pane img")
            page.locator(".map-canvas").scroll_into_view_if_needed()
            tap_map(page, 120, 120)
            shoot(page, name + "-picker", max_shots=1)
            feeling = "unsafe" if page.locator("dialog[open] [data-feeling]").count() else None
            pick(page, page.locator("dialog[open] [data-category]").first.get_attribute("data-category"), feeling)
            if page.locator(".map-marks li").count() != 1:
                problems.append((screen, "the tap placed no pin"))
        shoot(page, name)
        texts[screen] = page.locator("body").inner_text()
        answer_visible_questions(page)
        with page.expect_navigation():
            page.locator("button[value=next]").tap()
    shoot(page, f"{prefix}-99-done")
    texts["done"] = page.locator("body").inner_text()
    if not page.url.split("?")[0].endswith("/dekujeme"):
        problems.append((page.url, "the survey did not end"))
    return texts, problems


@pytest.mark.parametrize("lang", ["cs", "uk", "en"])
@pytest.mark.parametrize("questionnaire_id", ["deti-bezpeci", "dospeli-bezpeci"])
def test_walk__phone_360__every_screen_fits_pin_placed_and_stored(questionnaire_id, lang, phone, live_server):
    texts, problems = walk(phone, live_server.url, questionnaire_id, lang)
    assert problems == []
    assert DONE[lang] in texts["done"]
    [record] = live_server.app.extensions["survey_storage"].responses(questionnaire_id)
    assert record["lang"] == lang and len(record["answers"]["mapa"]) == 1
    if questionnaire_id == "dospeli-bezpeci" and TY[lang]:
        ty = re.compile(r"(?<!\w)(" + "|".join(TY[lang]) + r")(?!\w)")
        assert {screen: ty.findall(text) for screen, text in texts.items() if ty.findall(text)} == {}


def test_adults_form__invalid_answer__vy_message(phone, live_server):
    """A message from the validator on an adults' screen says "vy" (the form posted with a
    value the page never offers, as an old cached page or a bent client would)."""
    page = phone
    page.goto(f"{live_server.url}/s/dospeli-bezpeci")
    with page.expect_navigation():
        page.get_by_role("button", name="Začít").tap()
    page.locator('input[name="bezpeci_den"]').first.evaluate("el => { el.value = '9'; el.checked = true; }")
    with page.expect_navigation():
        page.locator("button[value=next]").tap()
    shoot(page, "dospeli-bezpeci-cs-invalid")
    assert page.locator(".field-error").first.inner_text() == "Vyberte jednu z nabízených možností."
    assert page.locator(".form-error").inner_text() == "Zkontrolujte prosím označenou odpověď."
