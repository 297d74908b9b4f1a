"""Every read-aloud speaker's screen-reader name says what it reads, in Chromium on a
360x740 phone: unique on its screen, the text in the page language with ty/vy, the same
as its title; speakers built by script (map marks) are named like the page's speaker of
their text plus which mark; markup in a label stays text. Speech comes from the stand-in
for espeak-ng of test_read_aloud.py (its fixtures are used here)."""
import json

import pytest

from survey_app.web.audio.texts import CONTEXT_CHARS, shorten
from tests.browser.screens import answer_visible_questions
from tests.browser.test_map import pick, tap_map
from tests.browser.test_read_aloud import (QID, _until, app_config, axe, fake_espeak,  # noqa: F401 (fixtures)
                                           start_run)


FRAME = {("children", "cs"): "Přečti nahlas: ", ("adults", "cs"): "Přečtěte nahlas: ",
         ("children", "uk"): "Прочитай вголос: ", ("adults", "uk"): "Прочитайте вголос: "}
START = {"cs": "Začít", "uk": "Почати"}
NAMES_JS = """() => [...document.querySelectorAll('.read-aloud-speaker')]
  .filter(b => !b.hidden && b.getClientRects().length > 0)
  .map(b => [b.dataset.textKey, b.getAttribute('aria-label'), b.title])"""


def spoken_texts(live_app, qid):
    """{key: Text} of every text a respondent hears, the help box's included."""
    from survey_app.web.audio.helpers import screen_texts
    questionnaire = live_app.extensions["survey_registry"].get(qid)
    with live_app.test_request_context("/"):
        return questionnaire, {t.key: t for t in screen_texts(questionnaire)}


def check_names(page, texts, frame, lang, where):
    """Every visible speaker: its accessible name (as Playwright's role query computes it)
    is the page's only button of that name, starts with `frame`, holds the start of the
    text it reads, and its title is the same. Returns {key: name}."""
    found = page.evaluate(NAMES_JS)
    assert found, f"{where}: no speaker"
    problems = []
    for key, name, title in found:
        said = shorten(texts[key].text(lang), CONTEXT_CHARS).rstrip("…")
        if not name.startswith(frame) or said not in name:
            problems.append((where, key, "does not say its text", name, said))
        if title != name:
            problems.append((where, key, "title differs", title))
        if page.get_by_role("button", name=name, exact=True).count() != 1:
            problems.append((where, key, "not unique", name))
    assert problems == []
    return {key: name for key, name, _title in found}


@pytest.mark.parametrize("lang", ["cs", "uk"])
@pytest.mark.parametrize("qid", ["deti-bezpeci", "dospeli-bezpeci"])
def test_speaker_names__whole_survey_on_phone__unique_and_say_their_text(phone, live_app, live_server, qid, lang):
    questionnaire, texts = spoken_texts(live_app, qid)
    frame = FRAME[(questionnaire.audience, lang)]
    page = phone
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(f"{live_server.url}/s/{qid}?lang={lang}")
    check_names(page, texts, frame, lang, "start")
    read_all = page.locator(".read-aloud-all").get_attribute("aria-label")
    assert axe(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name=START[lang], exact=True).tap()
    screens = 0
    for _ in range(15):
        page.wait_for_load_state()
        if page.url.split("?")[0].endswith("/dekujeme"):
            break
        screen = page.url.split("?")[0].rsplit("/", 1)[1]
        screens += 1
        if page.locator(".map-widget:visible").count():
            page.wait_for_selector(".map-canvas .leaflet-pane img")
            check_names(page, texts, frame, lang, screen)
            page.locator(".map-canvas").scroll_into_view_if_needed()
            tap_map(page, 120, 120)
            page.locator("dialog.map-picker[open]").wait_for()
            in_picker = check_names(page, texts, frame, lang, screen + " picker")
            assert axe(page) == []
            category = page.locator("dialog[open] [data-category]").first.get_attribute("data-category")
            feeling = "unsafe" if page.locator("dialog[open] [data-feeling]").count() else None
            pick(page, category, feeling)
            # The mark's speaker (built by map.js) is named like the category's speaker, plus
            # its data-read-aloud-which (" – značka 1") where map.js gives one.
            key = f"q.mapa.category.{category}"
            _until(page, f"""(b => b.getAttribute('aria-label') === {json.dumps(in_picker[key])}
                             + (b.getAttribute('data-read-aloud-which') || ''))(document.querySelector(
                             '.map-mark .read-aloud-speaker[data-text-key="{key}"]'))""")
            check_names(page, texts, frame, lang, screen + " marks")
        else:
            check_names(page, texts, frame, lang, screen)
        assert page.locator(".read-aloud-all").get_attribute("aria-label") == read_all  # keeps its name
        assert axe(page) == []
        answer_visible_questions(page)
        with page.expect_navigation():
            page.locator("button[value=next]").tap()
    assert page.url.split("?")[0].endswith("/dekujeme") and screens == (10 if qid == "deti-bezpeci" else 6)
    assert set(check_names(page, texts, frame, lang, "done")) == {"end", "helpline", "help"}
    assert axe(page) == []


def test_speaker_names__script_built_speaker__named_like_the_page_speaker_plus_its_which(phone, live_server):
    """A speaker another script adds (map.js beside a mark; here built the same way, with DOM
    calls) gets the name of the page's speaker of the same text and its data-read-aloud-which."""
    page = phone
    start_run(page, live_server)
    page.evaluate("""() => { const b = document.createElement('button');
        b.type = 'button'; b.className = 'read-aloud-speaker'; b.hidden = true;
        b.setAttribute('data-audio-src', document.querySelector('.read-aloud-speaker').dataset.audioSrc);
        b.setAttribute('data-text-key', 'q.vek.option.8-11'); b.setAttribute('aria-label', 'Přečti mi tohle');
        b.setAttribute('data-read-aloud-which', ' – značka 2'); b.id = 'built';
        document.querySelector('main').appendChild(b); }""")
    _until(page, "!document.getElementById('built').hidden")
    built = page.locator("#built")
    assert built.get_attribute("aria-label") == "Přečti nahlas: 8 až 11 let – značka 2"
    assert built.get_attribute("title") == "Přečti nahlas: 8 až 11 let – značka 2"
    assert page.get_by_role("button", name="Přečti nahlas: 8 až 11 let", exact=True).count() == 1


def test_speaker_names__markup_in_a_label__the_name_is_that_text(phone, live_server, questionnaires_dir):
    path = questionnaires_dir / f"{QID}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"Kolik ti je let?"', '"<img src=x onerror=alert(1)>"'),
                    encoding="utf-8")
    page = phone
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    start_run(page, live_server)
    speaker = page.get_by_role("button", name="Přečti nahlas: <img src=x onerror=alert(1)>", exact=True)
    assert speaker.count() == 1 and speaker.get_attribute("title") == "Přečti nahlas: <img src=x onerror=alert(1)>"
    assert page.locator("img[src=x]").count() == 0 and dialogs == []


def test_speaker_names__two_marks_of_one_category__names_say_which_mark(phone, live_server):
    page = phone
    start_run(page, live_server, "mapa")
    page.wait_for_selector(".map-canvas .leaflet-image-layer")
    page.locator(".map-canvas").scroll_into_view_if_needed()
    for x in (120, 200):
        tap_map(page, x, 120)
        page.locator("dialog.map-picker[open]").wait_for()
        pick(page, "drogy", "unsafe")
    _until(page, "document.querySelectorAll('.map-mark .read-aloud-speaker:not([hidden])').length === 2")
    names = page.locator(".map-mark .read-aloud-speaker").evaluate_all(
        "els => els.map(e => [e.getAttribute('aria-label'), e.title])")
    assert names == [["Přečti nahlas: Prodávání drog – značka 1"] * 2, ["Přečti nahlas: Prodávání drog – značka 2"] * 2]
    assert [page.get_by_role("button", name=name, exact=True).count() for name, _title in names] == [1, 1]
