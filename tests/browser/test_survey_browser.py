"""A child finishes deti-bezpeci on a touch tablet; an adult finishes dospeli-bezpeci on
a phone. Real Chromium, real taps, real server; the stored response is checked."""
import re

from playwright.sync_api import expect

from tests.browser.screens import answer_visible_questions


def _finish(page, questionnaire_id, text_answer, max_screens=30):
    for _ in range(max_screens):
        if page.url.endswith(f"/s/{questionnaire_id}/dekujeme"):
            return
        answer_visible_questions(page, text_answer)
        with page.expect_navigation():
            page.locator("button[value=next]").tap()
    raise AssertionError(f"did not reach the end, stuck at {page.url}")


def test_child_on_tablet__finishes_in_czech__response_stored(live_server, tablet):
    page = tablet
    page.goto(f"{live_server.url}/s/deti-bezpeci")
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    start = page.get_by_role("button", name="Začít")
    box = start.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 48
    with page.expect_navigation():
        start.tap()
    expect(page.locator(".progress-text")).to_have_text(re.compile(r"^1 / \d+$"))
    choice_box = page.locator("label.choice").first.bounding_box()
    assert choice_box["height"] >= 48
    _finish(page, "deti-bezpeci", "Hřiště s houpačkou")
    expect(page.locator(".help-box")).to_contain_text("116 111")
    [record] = live_server.app.extensions["survey_storage"].responses("deti-bezpeci")
    assert record["lang"] == "cs" and record["channel"] == "web"
    assert record["answers"]["vek"] == "8-11"
    assert record["answers"]["prani"] == "Hřiště s houpačkou"


def test_adult_on_phone__finishes__fits_360px_and_stored(live_server, phone):
    page = phone
    page.goto(f"{live_server.url}/s/dospeli-bezpeci")
    with page.expect_navigation():
        page.get_by_role("button", name="Začít").tap()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide on a 360px phone"
    _finish(page, "dospeli-bezpeci", "Více osvětlení u zastávky")
    expect(page.locator("h1")).to_have_text("Děkujeme!")
    [record] = live_server.app.extensions["survey_storage"].responses("dospeli-bezpeci")
    assert "Více osvětlení u zastávky" in record["answers"].values()


def test_show_if__hidden_question_appears_when_condition_met(live_server, phone, questionnaires_dir):
    import shutil
    from pathlib import Path
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "paged.yaml", questionnaires_dir / "paged.yaml")
    page = phone
    page.goto(f"{live_server.url}/s/paged")
    with page.expect_navigation():
        page.get_by_role("button", name="Začít").tap()
    follow_up = page.locator('[data-question="jake"]')
    expect(follow_up).to_be_hidden()
    page.locator('[data-question="problem"] label.choice', has_text="Ano").tap()
    expect(follow_up).to_be_visible()
    page.locator('[data-question="problem"] label.choice', has_text="Ne").tap()
    expect(follow_up).to_be_hidden()


def test_english_switch__visible_and_switches(live_server, tablet):
    page = tablet
    page.goto(f"{live_server.url}/s/deti-bezpeci")
    page.get_by_role("link", name="English").tap()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Start")).to_be_visible()


# Proper names that keep their Czech spelling in English; anything else with a Czech
# letter on an English page is untranslated UI text.
CZECH_NAMES = ("Čeština", "Українська", "Litvínov", "Litvínově", "Sousedský dům Libuše", "Chudeřín",
               "Podkrušnohorská", "náměstí Míru", "Koldům", "Linka bezpečí", "Nové Záluží",
               "městská policie", "asistenti prevence kriminality", "Policie ČR")
CZECH_LETTERS = re.compile(r"[ěščřžýáíéůúťďňĚŠČŘŽÝÁÍÉŮÚŤĎŇ]")


def _screens_text(page, live_server, questionnaire_id, lang=""):
    """{screen: visible text} of every screen of a run in which nothing is answered
    (the last screen gets one word so that the run may end)."""
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(f"{live_server.url}/s/{questionnaire_id}{lang}")
    texts = {"start": page.locator("body").inner_text()}
    with page.expect_navigation():
        page.locator("button[type=submit]").tap()
    for _ in range(20):
        if page.url.endswith("/dekujeme"):
            break
        if page.locator(".map-widget:visible").count():
            page.locator(".map-canvas .leaflet-pane img").first.wait_for()
        texts[page.url.rsplit("/", 1)[1]] = page.locator("body").inner_text()
        if page.locator("button[value=next]").inner_text() in ("Send", "Odeslat"):
            answer_visible_questions(page, "Lamp")
        with page.expect_navigation():
            page.locator("button[value=next]").tap()
    texts["done"] = page.locator("body").inner_text()
    return texts


def test_english__every_survey_screen__no_czech_ui_text(live_server, phone):
    for questionnaire_id in ("deti-bezpeci", "dospeli-bezpeci"):
        texts = _screens_text(phone, live_server, questionnaire_id, "?lang=en")
        czech = {}
        for screen, text in texts.items():
            for name in CZECH_NAMES:
                text = text.replace(name, "")
            lines = [line for line in text.splitlines() if CZECH_LETTERS.search(line)]
            if lines:
                czech[f"{questionnaire_id}/{screen}"] = lines
        assert czech == {}
        assert "Tap the place on the map. To move the map, use two fingers." in texts["mapa" if questionnaire_id
                                                                                   == "deti-bezpeci" else "mapa_stranka"]


def test_language_switch__czech_ukrainian_english_in_this_order(live_server, phone):
    phone.goto(f"{live_server.url}/s/deti-bezpeci")
    assert phone.locator("nav.langs").inner_text().split() == ["Čeština", "·", "Українська", "·", "English"]
    phone.get_by_role("link", name="Українська").tap()
    expect(phone.locator("html")).to_have_attribute("lang", "uk")
    # the uk catalogue and the questionnaire's uk labels
    expect(phone.locator("h1")).to_contain_text("Як ти почуваєшся в Янові (Janov)?")
    expect(phone.get_by_role("button", name="Почати")).to_be_visible()


def test_smileys_on_360px__selected_label_not_cut_inside_a_word(live_server, phone):
    page = phone
    page.goto(f"{live_server.url}/s/deti-bezpeci")
    with page.expect_navigation():
        page.get_by_role("button", name="Začít").tap()
    page.locator("label.choice").first.tap()
    with page.expect_navigation():
        page.locator("button[value=next]").tap()
    for label in page.locator(".choices-smiley label.choice").all():
        label.tap()
        words = label.locator(".choice-label").inner_text().split()
        lines = label.locator(".choice-label").evaluate("""(node) => {
            const range = document.createRange(); range.selectNodeContents(node);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size; }""")
        assert lines <= len(words), (words, lines)  # a line break only between words
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_adults_scale_on_360px__one_to_five_on_one_line(live_server, phone):
    page = phone
    page.goto(f"{live_server.url}/s/dospeli-bezpeci")
    with page.expect_navigation():
        page.get_by_role("button", name="Začít").tap()
    base = page.url.rsplit("/", 1)[0]
    page.goto(base + "/duvera")
    scale = page.locator('[data-question="duvera_mp"] label.choice')
    tops = {round(box["y"]) for box in (c.bounding_box() for c in scale.all())}
    assert scale.count() == 5 and len(tops) == 1, tops
    assert all(c.bounding_box()["width"] >= 48 for c in scale.all())
