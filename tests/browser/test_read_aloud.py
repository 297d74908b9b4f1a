"""Read-aloud on the children's survey in Chromium on a 360x740 phone: every speaker of a
screen is visible, big enough and beside (not over) its text; a tap on an option ticks it,
a tap on its speaker does not; "Přečti mi to" plays the texts in page order; a stale
recording is never played; the whole survey can be finished in Ukrainian; the map's
categories and marks speak; axe-core finds nothing on the screens with speakers.

Generated speech comes from a stand-in for espeak-ng (a shell script writing a 0.15 s WAV),
so that every text has a speaker and playing costs milliseconds. Screenshots of every
screen go to /work/tmp/read-aloud-shots/ (outside git) for a person to look at."""
import os
import shutil
import time
from pathlib import Path

import pytest

from survey_app.storage.audio import AudioStore
from survey_app.web.audio.texts import questionnaire_texts

from tests.audio import samples
from tests.browser.test_accessibility import AXE
from tests.browser.test_map import pick, tap_map

SHOTS = Path(os.environ.get("READ_ALOUD_SHOTS", "/work/tmp/read-aloud-shots"))
QID = "deti-bezpeci"
MIN_TARGET = 44  # px, WCAG 2.5.5 / Apple HIG touch target

# Every visible speaker with its box and the box of the text it is set beside (the first
# child of its .read-aloud-pair; None for a speaker inside a paragraph).
SPEAKERS_JS = """() => [...document.querySelectorAll('.read-aloud-speaker')]
  .filter(b => !b.hidden && b.getClientRects().length > 0).map(b => {
    const r = b.getBoundingClientRect(), pair = b.parentElement.classList.contains('read-aloud-pair');
    const o = pair ? b.parentElement.firstElementChild.getBoundingClientRect() : null;
    const box = x => x && {left: x.left, top: x.top, right: x.right, bottom: x.bottom};
    return {key: b.dataset.textKey, box: box(r), option: box(o)};
  })"""
ALL_KEYS_JS = "() => [...document.querySelectorAll('.read-aloud-speaker')].map(b => b.dataset.textKey)"
LOG_JS = """() => { window.readLog = []; const p = document.getElementById('read-aloud-player');
  p.addEventListener('playing', () => window.readLog.push([p.dataset.textKey,
    [...document.querySelectorAll('.read-aloud-current .read-aloud-speaker, .read-aloud-current.read-aloud-speaker')]
      .map(e => e.dataset.textKey)]));
  p.addEventListener('ended', () => window.readLog.push(['ended'])); }"""


@pytest.fixture
def fake_espeak(tmp_path):
    """An executable that answers like `espeak-ng -v <voice> -s 150 -w <file>`: a short WAV."""
    sample = tmp_path / "speech.wav"
    sample.write_bytes(samples.wav(seconds=0.15, rate=8000))
    script = tmp_path / "fake-espeak"
    script.write_text(f'#!/bin/sh\nwhile [ "$1" != "-w" ]; do shift; done\ncat "{sample}" > "$2"\n')
    script.chmod(0o755)
    return script


@pytest.fixture
def app_config(app_config, fake_espeak):
    # Generated speech as WAV (opusenc off): the stale test compares the very bytes.
    return {**app_config, "SURVEY_AUDIO_ESPEAK": str(fake_espeak), "SURVEY_AUDIO_OPUSENC": "off"}


def _until(page, expression, seconds=10):
    """Poll `expression` (page.wait_for_function needs 'unsafe-eval', which the CSP forbids)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def _overlap(a, b):
    return not (a["right"] <= b["left"] or b["right"] <= a["left"]
                or a["bottom"] <= b["top"] or b["bottom"] <= a["top"])


def check_speakers(page, where, page_fits=True):
    """Layout of every visible speaker at 360 px; returns their keys in page order.
    `page_fits`: nothing on the page is wider than the viewport either."""
    width = page.viewport_size["width"]
    found = page.evaluate(SPEAKERS_JS)
    problems = []
    for s in found:
        box = s["box"]
        if box["right"] - box["left"] < MIN_TARGET or box["bottom"] - box["top"] < MIN_TARGET:
            problems.append((where, s["key"], "small", box))
        if box["left"] < 0 or box["right"] > width:
            problems.append((where, s["key"], "outside", box))
        if s["option"] and _overlap(box, s["option"]):
            problems.append((where, s["key"], "overlaps its text", box, s["option"]))
    assert problems == []
    if page_fits:  # nothing sticks out sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    return [s["key"] for s in found]


def shot(page, name):
    """Viewport-sized screenshots of the whole page, top to bottom (see conftest.shoot)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = page.viewport_size["height"]
    total = page.evaluate("document.documentElement.scrollHeight")
    for i in range(min(4, max(1, -(-total // height)))):
        page.evaluate(f"window.scrollTo(0, {i * height})")
        page.screenshot(path=str(SHOTS / f"{name}-{i + 1}.png"))
    page.evaluate("window.scrollTo(0, 0)")


def axe(page):
    """Every axe-core violation (any impact) as (rule id, impact, first target)."""
    page.evaluate(AXE + "\n;0")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], v["nodes"][0]["target"] if v["nodes"] else None) for v in result["violations"]]


def texts_of(live_server, group):
    questionnaire = live_server.app.extensions["survey_registry"].get(QID)
    return [t for t in questionnaire_texts(questionnaire) if t.group == group]


OPTION_LABELS_JS = """() => Object.fromEntries([...document.querySelectorAll('.read-aloud-pair')]
  .filter(p => p.querySelector('label.choice .choice-label'))
  .map(p => [p.querySelector('.read-aloud-speaker').dataset.textKey, p.querySelector('.choice-label').innerText]))"""


def option_labels(page):
    """{text key of a choice's speaker: the choice's visible label} of the visible choices."""
    return page.evaluate(OPTION_LABELS_JS)


def start_run(page, live_server, screen="vek"):
    """Start a run without rendering the start page's form, then open `screen`."""
    import re
    base = f"{live_server.url}/s/{QID}"
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.request.get(base).text()).group(1)
    page.request.post(base + "/start", form={"csrf_token": token})
    page.goto(f"{base}/q/{screen}")


def tap_speaker_then_option(page, choice, key):
    """A tap on the option's speaker plays it and leaves the option alone; a tap on the
    option (its picture) ticks it."""
    pair = page.locator(".read-aloud-pair", has=page.locator(f"[data-text-key='{key}']"))
    pair.locator(".read-aloud-speaker").tap()
    _until(page, f"document.getElementById('read-aloud-player').dataset.textKey === '{key}'")
    assert choice.is_checked() is False
    pair.locator("label.choice").tap()
    assert choice.is_checked() is True


@pytest.mark.parametrize("lang", ["cs", "uk"])
def test_read_aloud__whole_children_survey_on_phone__speakers_beside_texts_and_finished(phone, live_server, lang):
    page = phone
    page.goto(f"{live_server.url}/s/{QID}?lang={lang}")
    questionnaire = live_server.app.extensions["survey_registry"].get(QID)
    assert page.locator("h1").first.inner_text() == questionnaire.title[lang]
    assert check_speakers(page, "start") == ["start.title", "start.intro"]
    assert page.locator(".read-aloud-all").is_visible()
    shot(page, f"{lang}-start")
    assert axe(page) == []
    with page.expect_navigation():
        page.locator("form button[type=submit]").tap()
    screens = []
    for _ in range(15):
        page.wait_for_load_state()
        if page.url.endswith("/dekujeme"):
            break
        screen = page.url.rsplit("/", 1)[1].split("?")[0]
        screens.append(screen)
        expected = [t.key for t in texts_of(live_server, screen) if t.text(lang)]
        body = page.locator("body").inner_text()
        if lang == "uk":  # Ukrainian texts, no Czech left (the screen's texts or the buttons)
            question = questionnaire.question(screen)
            assert page.locator(".question-label").first.inner_text() == question.label["uk"]
            czech = [t.text("cs") for t in texts_of(live_server, screen) if t.text("cs") != t.text("uk")]
            assert [text for text in czech if text in body] == []
            assert "Další" not in body and "Odeslat" not in body
            if question.type != "smiley":  # the built-in faces: test_..._uk_smiley_labels below
                assert option_labels(page) == {t.key: t.text("uk") for t in texts_of(live_server, screen)
                                               if ".option." in t.key}
        if screen == "mapa":
            page.wait_for_selector(".map-canvas .leaflet-image-layer")
            assert check_speakers(page, screen) == ["q.mapa.label", "q.mapa.help"]
            shot(page, f"{lang}-mapa")
            assert axe(page) == []
            page.locator(".map-canvas").scroll_into_view_if_needed()
            tap_map(page, 120, 120)
            picker = page.locator("dialog.map-picker[open]")
            picker.wait_for()
            categories = [k for k in expected if ".category." in k]
            # The screen's speakers stay where they were (inert behind the modal picker).
            assert check_speakers(page, "picker") == ["q.mapa.label", "q.mapa.help", *categories]
            shot(page, f"{lang}-mapa-picker")
            assert axe(page) == []
            # The speaker of a category reads it and chooses nothing; the picker stays open.
            picker.locator("[data-text-key='q.mapa.category.drogy']").tap()
            _until(page, "document.getElementById('read-aloud-player').dataset.textKey === 'q.mapa.category.drogy'")
            assert picker.locator("[data-category=drogy]").get_attribute("aria-pressed") == "false"
            pick(page, "drogy", "unsafe")
            mark_speaker = page.locator(".map-mark .read-aloud-speaker")
            assert mark_speaker.get_attribute("data-text-key") == "q.mapa.category.drogy"
            assert check_speakers(page, "marks") == ["q.mapa.label", "q.mapa.help", "q.mapa.category.drogy"]
            page.locator(".map-mark").scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"{lang}-mapa-marks.png"))
            assert page.locator(".map-mark .map-mark-label").inner_text().startswith(
                questionnaire.question("mapa").config["categories"][0].label[lang] + " – ")
        else:
            keys = check_speakers(page, screen)
            assert keys == expected and page.evaluate(ALL_KEYS_JS) == expected  # all of them, all visible
            shot(page, f"{lang}-{screen}")
            if screen in ("vek", "bezpeci_den", "obavy"):
                assert axe(page) == []
            choices = page.locator("fieldset.question:visible input[type=radio], "
                                   "fieldset.question:visible input[type=checkbox]")
            if choices.count():
                option_key = next(k for k in keys if ".option." in k)
                tap_speaker_then_option(page, choices.first, option_key)
            elif page.locator("textarea").count():
                page.locator("textarea").fill("Víc laviček")
        with page.expect_navigation():
            page.locator("button[value=next]").tap()
    assert screens == ["vek", "bezpeci_den", "bezpeci_vecer", "mapa", "obavy", "zazil", "strategie", "komu",
                       "potreby", "prani"]
    assert page.url.endswith("/dekujeme")
    body = page.locator("body").inner_text()
    assert "Linka bezpečí" in body and "116 111" in body
    assert questionnaire.contact[lang] in body
    assert check_speakers(page, "done") == ["end", "helpline", "help"]
    shot(page, f"{lang}-done")
    assert axe(page) == []
    if lang == "uk":
        help_line = page.locator(".help-box").inner_text()
        assert "Безкоштовно" in help_line or "безкоштовно" in help_line


def test_read_aloud__read_it_to_me__question_then_options_in_page_order(phone, live_server):
    store = AudioStore(live_server.app.extensions["survey_storage"].data_dir, None)
    texts = texts_of(live_server, "vek")
    for text in texts:  # a community worker's short recordings: quicker than the voice
        store.save(QID, text.key, "cs", text.text("cs"), samples.wav(seconds=0.2, rate=8000))
    page = phone
    start_run(page, live_server)
    page.evaluate(LOG_JS)
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('read-aloud-player').paused") is True  # no autoplay
    assert page.evaluate("window.readLog") == []
    srcs = page.locator(".read-aloud-speaker").evaluate_all("els => els.map(e => e.dataset.audioSrc)")
    assert all("?v=tts" not in src for src in srcs)  # the recordings, not the voice
    page.locator(".read-aloud-all").tap()
    assert page.locator(".read-aloud-all").get_attribute("aria-pressed") == "true"
    _until(page, f"window.readLog.filter(e => e[0] === 'ended').length === {len(texts)}")
    log = [entry for entry in page.evaluate("window.readLog") if entry[0] != "ended"]
    # Each text highlighted while it is read, and only it.
    assert log == [[key, [key]] for key in ["q.vek.label", "q.vek.help", "q.vek.option.8-11",
                                            "q.vek.option.12-14", "q.vek.option.15-18"]]
    assert page.locator(".read-aloud-current").count() == 0
    assert page.locator(".read-aloud-all").get_attribute("aria-pressed") == "false"
    assert page.locator("input:checked").count() == 0  # reading ticks nothing


def _recorded_then_relabelled(live_server, questionnaires_dir):
    """A recording of the age question's label, then the label changed in the file: the
    recording is stale. Returns the AudioStore."""
    store = AudioStore(live_server.app.extensions["survey_storage"].data_dir, None)
    store.save(QID, "q.vek.label", "cs", "Kolik ti je let?", samples.wav(seconds=0.4, rate=8000))
    path = questionnaires_dir / f"{QID}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"Kolik ti je let?"', '"Kolik je ti let?"'),
                    encoding="utf-8")
    return store


def test_read_aloud__stale_recording__generated_voice_played_instead(phone, live_server, questionnaires_dir):
    _recorded_then_relabelled(live_server, questionnaires_dir)
    page = phone
    start_run(page, live_server)
    assert page.locator("h1.question-label").inner_text() == "Kolik je ti let?"
    speaker = page.locator("[data-text-key='q.vek.label']")
    assert speaker.get_attribute("data-audio-src").endswith("?v=tts")
    with page.expect_response(lambda r: "/audio/" in r.url) as heard:
        speaker.tap()
    assert heard.value.status in (200, 206)
    # The fake voice's 0.15 s WAV, not the 0.4 s recording of the old text.
    assert heard.value.body() == samples.wav(seconds=0.15, rate=8000)
    assert heard.value.headers["content-type"] == "audio/wav"


def test_read_aloud__stale_recording_no_voice__no_speaker(phone, live_app, live_server, questionnaires_dir):
    live_app.extensions.pop("survey_audio", None)
    live_app.config["SURVEY_AUDIO_ESPEAK"] = "off"
    store = _recorded_then_relabelled(live_server, questionnaires_dir)
    store.save(QID, "q.vek.help", "cs", "Vyber jeden obrázek.", samples.wav(seconds=0.2, rate=8000))
    page = phone
    start_run(page, live_server)
    assert page.evaluate(ALL_KEYS_JS) == ["q.vek.help"]  # the stale one has nothing to play


def test_read_aloud__kiosk__speakers_no_autoplay_and_reset_stops_the_voice(tablet, live_app, live_server):
    from survey_app.fieldwork import campaigns as model
    storage = live_app.extensions["survey_storage"]
    _campaign, [channel] = model.create_campaign(storage, QID, "2026-zima", channels=[("tablet", "Libuše")])
    page = tablet
    page.clock.install()
    page.goto(f"{live_server.url}/k/{channel['token']}?lang=uk")
    page.evaluate(LOG_JS)
    assert check_speakers(page, "kiosk") == ["start.title", "start.intro", "helpline", "help"]
    page.wait_for_timeout(300)
    assert page.evaluate("window.readLog") == [] and page.evaluate(
        "document.getElementById('read-aloud-player').paused") is True
    assert axe(page) == []
    page.set_viewport_size({"width": 360, "height": 740})
    # A phone-sized kiosk: the speakers fit (kiosk.css's 22rem Start button is a little wider).
    check_speakers(page, "kiosk-phone", page_fits=False)
    shot(page, "uk-kiosk-start")
    page.set_viewport_size({"width": 800, "height": 1280})
    page.locator(".help-box [data-text-key=helpline]").tap()
    _until(page, "window.readLog.length > 0")
    assert page.evaluate("window.readLog")[0] == ["helpline", ["helpline"]]
    # The run: straight to the thank-you page, where the help line is read when the
    # countdown sends the tablet back; survey:reset stops it before the page goes.
    page.locator("#kiosk-start-form button").tap()
    page.wait_for_url(f"**/s/{QID}/q/vek")
    for screen in ("vek", "bezpeci_den", "bezpeci_vecer", "mapa", "obavy", "strategie", "komu", "potreby", "prani"):
        page.wait_for_url(f"**/q/{screen}")
        if screen == "vek":
            page.locator("input[name=vek][value='8-11']").check(force=True)
        page.click("button[value=next]")
    page.wait_for_url(f"**/s/{QID}/dekujeme")
    assert "116 111" in page.locator(".help-box").inner_text()
    page.evaluate("""() => { const p = document.getElementById('read-aloud-player');
        document.addEventListener('survey:reset', () => sessionStorage.setItem('stopped',
            String(p.paused && !p.getAttribute('src')))); }""")
    page.locator(".help-box [data-text-key=helpline]").tap()
    _until(page, "!document.getElementById('read-aloud-player').paused")
    page.clock.fast_forward(61_000)
    page.wait_for_url(f"**/k/{channel['token']}")
    assert page.evaluate("sessionStorage.getItem('stopped')") == "true"


def test_read_aloud__uk_smiley_screen__labels_ukrainian_like_their_voice(phone, live_server):
    page = phone
    page.goto(f"{live_server.url}/s/{QID}?lang=uk")
    start_run(page, live_server, "bezpeci_den")
    spoken = {t.key: t.text("uk") for t in texts_of(live_server, "bezpeci_den") if ".option." in t.key}
    assert option_labels(page) == spoken


@pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("opusenc")),
                    reason="espeak-ng or opus-tools missing")
def test_read_aloud__real_voice_as_ogg_opus__chromium_plays_it(phone, live_app, live_server):
    live_app.extensions.pop("survey_audio", None)
    live_app.config.update(SURVEY_AUDIO_ESPEAK="espeak-ng", SURVEY_AUDIO_OPUSENC="opusenc")
    page = phone
    start_run(page, live_server)
    page.evaluate(LOG_JS)
    with page.expect_response(lambda r: "/audio/" in r.url) as heard:
        page.locator("[data-text-key='q.vek.help']").tap()
    assert heard.value.headers["content-type"] == "audio/ogg"
    assert "format=wav" not in heard.value.url  # Chromium plays Ogg/Opus
    _until(page, "window.readLog.some(e => e[0] === 'ended')", seconds=20)
    assert page.evaluate("document.getElementById('read-aloud-player').duration") > 0.5


# ---- every speaker says what it reads (issue 16 follow-up) -------------------------------
