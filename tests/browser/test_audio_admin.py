"""The audio admin page in Chromium with a fake microphone (record, listen, keep; a
refused upload), and read_aloud.js playing a screen's texts in order."""
import os
import re
import time

import pytest
from flask import render_template_string
from playwright.sync_api import expect

from survey_app.storage.audio import AudioStore

from tests.audio import samples
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, TABLET

PASSWORD = "correct horse battery"  # what the `users` fixture sets by default
FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
              "--autoplay-policy=user-gesture-required"]


@pytest.fixture
def app_config(app_config, only_mini_questionnaire):
    return {**app_config, "SURVEY_AUDIO_ESPEAK": ""}


@pytest.fixture(scope="module")
def media_browser(playwright_session):
    chromium = playwright_session.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + FAKE_MEDIA,
                                                  headless=True)
    yield chromium
    chromium.close()


def _page(media_browser, device, live_server):
    context = media_browser.new_context(locale="cs-CZ", **device)
    context.grant_permissions(["microphone"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _until(page, expression, seconds=10):
    """Poll `expression` (page.wait_for_function would need 'unsafe-eval', which the CSP forbids)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def _login(page, live_server, users, live_app, path):
    users("jana@example.org", "facilitator", app=live_app)
    page.goto(f"{live_server.url}{path}")
    page.fill("input[name=email]", "jana@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"**{path}")


def test_audio_admin__record_with_fake_microphone__kept_and_playable(media_browser, live_server, live_app, users):
    context, page = _page(media_browser, TABLET, live_server)
    try:
        _login(page, live_server, users, live_app, "/admin/questionnaires/mini/audio")
        row = page.locator("tr[data-key='q.vek.label'][data-lang='cs']")
        assert row.get_attribute("data-state") == "none"
        row.locator("[data-action=record]").click()
        page.wait_for_timeout(1200)
        row.locator("[data-action=stop]").click()
        row.locator(".audio-take:not([hidden])").wait_for()
        row.locator("[data-action=keep]").click()
        expect(row).to_have_attribute("data-state", "recorded")
        assert row.locator(".audio-status").inner_text() == "Uloženo."
        assert row.locator(".audio-state").inner_text() == "nahráno"
        src = row.locator("td:nth-child(4) audio").get_attribute("src")
        assert re.fullmatch(r"/audio/mini/cs/[0-9a-f]{20}\?v=[0-9a-f]{12}", src)
        entry = AudioStore(live_app.extensions["survey_storage"].data_dir, None).entries("mini")["q.vek.label|cs"]
        assert entry["format"] in ("webm_opus", "ogg_opus", "m4a")
        assert entry["bytes"] > 1000
        # It can be heard: the browser plays the stored file.
        duration = page.evaluate("""src => new Promise((ok, fail) => { const a = new Audio(src);
            a.addEventListener('loadedmetadata', () => ok(a.duration)); a.addEventListener('error', () => fail('error'));
            a.load(); })""", src)
        assert duration > 0.5
        page.reload()
        assert row.get_attribute("data-state") == "recorded"
    finally:
        context.close()


def test_audio_admin__upload_non_audio__422_message_on_page(media_browser, live_server, live_app, users, tmp_path):
    context, page = _page(media_browser, TABLET, live_server)
    try:
        _login(page, live_server, users, live_app, "/admin/questionnaires/mini/audio")
        bogus = tmp_path / "hlas.mp3"
        bogus.write_bytes(b"%PDF-1.4 this is not a recording")
        form = page.locator("tr[data-key='q.vek.label'][data-lang='cs'] form.audio-upload")
        form.locator("input[type=file]").set_input_files(str(bogus))
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            form.locator("button[type=submit]").click()
        assert answer.value.status == 422
        assert page.locator("#audio-error").inner_text() == (
            "Zvuk: tohle není zvukový soubor (přijímáme Ogg/Opus, WebM/Opus, MP3, M4A/AAC, WAV).")
    finally:
        context.close()


SCREEN = """<!doctype html><html lang="cs"><head><meta charset="utf-8">{assets}</head><body>
<form class="screen">{read_all}
<h2 id="label">Čeho se bojíš? {label}</h2>
<label class="choice" id="opt-drogy"><input type="checkbox" name="strach" value="drogy"> Drogy {drogy}</label>
<label class="choice" id="opt-tma"><input type="checkbox" name="strach" value="tma"> Tma {tma}</label>
</form></body></html>"""


def _screen_html(live_app):
    """A screen wired as docs/audio.md says, rendered with the real macros."""
    registry = live_app.extensions["survey_registry"]
    with live_app.test_request_context("/s/mini"):
        rendered = render_template_string(
            '{% import "survey/_read_aloud.html" as ra with context %}'
            '{{ ra.assets() }}|{{ ra.read_all_button() }}|{{ ra.speaker(read_aloud_key("strach"), "cs") }}|'
            '{{ ra.speaker(read_aloud_key("strach", "option", "drogy"), "cs") }}|'
            '{{ ra.speaker(read_aloud_key("strach", "option", "tma"), "cs") }}|'
            '{{ ra.speaker(read_aloud_key("strach", "help"), "cs") }}', q=registry.get("mini"), lang="cs")
        parts = rendered.split("|")
    assert parts[5] == ""  # no help text: no button
    return SCREEN.format(assets=parts[0], read_all=parts[1], label=parts[2], drogy=parts[3], tma=parts[4])


def test_read_aloud__read_it_to_me__plays_question_then_options_highlighted(media_browser, live_server, live_app):
    store = AudioStore(live_app.extensions["survey_storage"].data_dir, None)
    for key, text in [("q.strach.label", "Čeho se bojíš?"), ("q.strach.option.drogy", "Drogy"),
                      ("q.strach.option.tma", "Tma")]:
        store.save("mini", key, "cs", text, samples.wav(seconds=0.3, rate=8000))
    html = _screen_html(live_app)
    context, page = _page(media_browser, PHONE, live_server)
    try:
        page.route(f"{live_server.url}/read-aloud-test",
                   lambda route: route.fulfill(status=200, content_type="text/html", body=html))
        page.goto(f"{live_server.url}/read-aloud-test")
        speakers = page.locator(".read-aloud-speaker")
        assert speakers.count() == 3
        assert all(speakers.nth(i).is_visible() for i in range(3))
        assert speakers.first.get_attribute("aria-label") == "Přečti nahlas: Čeho se bojíš?"
        box = speakers.first.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44  # big enough for a child's finger
        page.evaluate("""() => { window.readLog = []; const p = document.getElementById('read-aloud-player');
            p.addEventListener('playing', () => window.readLog.push([p.dataset.textKey,
                [...document.querySelectorAll('.read-aloud-current')].map(e => e.id)]));
            p.addEventListener('ended', () => window.readLog.push(['ended'])); }""")
        page.wait_for_timeout(300)
        assert page.evaluate("document.getElementById('read-aloud-player').paused") is True  # no autoplay
        assert page.evaluate("window.readLog") == []
        page.locator(".read-aloud-all").click()
        _until(page, "window.readLog.filter(e => e[0] === 'ended').length === 3")
        log = [entry for entry in page.evaluate("window.readLog") if entry[0] != "ended"]
        assert log == [["q.strach.label", ["label"]], ["q.strach.option.drogy", ["opt-drogy"]],
                       ["q.strach.option.tma", ["opt-tma"]]]
        assert page.locator(".read-aloud-current").count() == 0
        # One speaker plays only its text and does not tick the option it sits in.
        page.evaluate("window.readLog = []")
        page.locator("#opt-tma .read-aloud-speaker").click()
        _until(page, "window.readLog.some(e => e[0] === 'ended')")
        assert page.evaluate("window.readLog")[0] == ["q.strach.option.tma", ["opt-tma"]]
        assert page.locator("#opt-tma input").is_checked() is False
    finally:
        context.close()
