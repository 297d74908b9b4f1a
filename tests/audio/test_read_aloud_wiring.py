"""Read-aloud wired into the map, the kiosk start page and the help box (HTML and data)."""
import html
import io
import json
import re

import pytest

from survey_app.storage.audio import AudioStore, text_hash
from survey_app.web.audio.helpers import helpline_text
from survey_app.web.audio.texts import questionnaire_texts

from . import samples

HELPLINE = {"cs": "Linka bezpečí 116 111. Zdarma, nonstop, nemusíš říkat své jméno.",
            "uk": "Linka bezpečí – телефон довіри для дітей 116 111. Безкоштовно, цілодобово, "
                  "не треба називати своє ім'я.",
            "en": "Linka bezpečí 116 111. Free of charge, non-stop, you don't have to say your name."}
KEYS = re.compile(r'class="read-aloud-speaker" data-audio-src="([^"]+)" data-text-key="([^"]+)"')


@pytest.fixture
def app_config(app_config):
    return {**app_config, "SURVEY_AUDIO_ESPEAK": "off"}


def _record(storage, key, text, qid="deti-bezpeci", lang="cs"):
    AudioStore(storage.data_dir, None).save(qid, key, lang, text, samples.wav())


def _to_map(client):
    client.post("/s/deti-bezpeci/start")
    client.post("/s/deti-bezpeci/q/vek", data={"vek": "8-11", "action": "next"})
    client.post("/s/deti-bezpeci/q/bezpeci_den", data={"action": "next"})
    client.post("/s/deti-bezpeci/q/bezpeci_vecer", data={"action": "next"})
    return client.get("/s/deti-bezpeci/q/mapa").get_data(as_text=True)


def test_questionnaire_texts__map_question__categories_then_places_as_options(app):
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    keys = [t.key for t in questionnaire_texts(questionnaire) if t.group == "mapa"]
    assert keys[:3] == ["q.mapa.label", "q.mapa.help", "q.mapa.option.janov-sidliste"]
    assert keys[-1] == "q.mapa.category.dobre_misto"
    hamr = next(t for t in questionnaire_texts(questionnaire) if t.key == "q.mapa.option.hamr")
    assert hamr.text("cs") == "Hamr" and hamr.text("uk")


def test_helpline_text__children__every_language_from_the_catalogue(app):
    with app.test_request_context("/?lang=uk"):
        text = helpline_text(app.extensions["survey_registry"].get("deti-bezpeci"))
    assert (text.key, text.group, text.label) == ("helpline", "end", HELPLINE)


def test_map_screen__recorded_category_and_place__speakers_and_json_urls(client, storage):
    _record(storage, "q.mapa.category.drogy", "Prodávání drog")
    _record(storage, "q.mapa.option.hamr", "Hamr")
    page = _to_map(client)
    speakers = KEYS.findall(page)
    assert [key for _url, key in speakers] == ["q.mapa.category.drogy", "q.mapa.option.hamr"]
    # Beside the category's button and the place's label, never inside them.
    assert re.search(r'<div class="read-aloud-pair" data-read-aloud-item><button type="button" class="map-choice" '
                     r'data-category="drogy".*?</button><button type="button" class="read-aloud-speaker"', page, re.S)
    assert re.search(r'<div class="read-aloud-pair" data-read-aloud-item>\s*<label class="choice[^"]*">\s*'
                     r'<input type="checkbox" name="mapa__place" value="hamr">.*?</label><button type="button" '
                     r'class="read-aloud-speaker"', page, re.S)
    # For map.js (a speaker beside each mark): only the categories that can be heard.
    speech = json.loads(html.unescape(re.search(r'data-map-speech="([^"]+)"', page).group(1)))
    assert speech == {"drogy": {"text_key": "q.mapa.category.drogy", "audio": html.unescape(speakers[0][0])}}
    assert speech["drogy"]["audio"].startswith(f"/audio/deti-bezpeci/cs/{text_hash('Prodávání drog')}?v=")
    config = json.loads(html.unescape(re.search(r'data-map="([^"]+)"', page).group(1)))
    assert config["texts"]["read_aloud"] == "Přečti mi tohle"


def test_kiosk_start__recorded_texts__speakers_beside_title_intro_and_help_box(app, client, storage):
    from survey_app.fieldwork import campaigns as model
    _campaign, [tablet] = model.create_campaign(storage, "deti-bezpeci", "2026-zima", channels=[("tablet", "Libuše")])
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    for key in ("start.title", "start.intro", "help"):
        text = next(t for t in questionnaire_texts(questionnaire) if t.key == key)
        _record(storage, key, text.text("uk"), lang="uk")
    _record(storage, "helpline", HELPLINE["uk"], lang="uk")
    page = client.get(f"/k/{tablet['token']}?lang=uk").get_data(as_text=True)
    assert [key for _url, key in KEYS.findall(page)] == ["start.title", "start.intro", "helpline", "help"]
    assert 'class="read-aloud-all"' in page and "js/read_aloud.js" in page
    assert '<div class="read-aloud-pair" data-read-aloud-item><h1>Як ти почуваєшся в Янові (Janov)?</h1><button' in page


def test_audio_admin__helpline__listed_recorded_and_played(client, login_as, storage):
    login_as("facilitator")
    data = samples.wav(seconds=0.1)
    created = client.post("/admin/questionnaires/deti-bezpeci/audio", headers={"Accept": "application/json"},
                          data={"key": "helpline", "lang": "uk", "audio": (io.BytesIO(data), "a.wav")})
    assert created.status_code == 201
    listing = client.get("/admin/questionnaires/deti-bezpeci/audio", headers={"Accept": "application/json"})
    rows = {(r["key"], r["lang"]): r for r in listing.get_json()["texts"]}
    assert (rows[("helpline", "uk")]["state"], rows[("helpline", "uk")]["text"]) == ("recorded", HELPLINE["uk"])
    assert rows[("helpline", "cs")]["state"] == "none"
    assert client.get(created.get_json()["url"]).data == data
