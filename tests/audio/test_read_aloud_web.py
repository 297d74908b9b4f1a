"""Generated speech over HTTP and the read-aloud macros (survey/_read_aloud.html)."""
import shutil

import pytest
from flask import render_template_string

from survey_app.storage.audio import text_hash

from . import samples

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng missing: scripts/ensure-chromium.sh installs it")
MACROS = ('{% import "survey/_read_aloud.html" as ra with context %}'
          '{{ ra.speaker(key, "cs") }}|{{ ra.read_all_button() }}')


needs_opusenc = pytest.mark.skipif(shutil.which("opusenc") is None,
                                   reason="opus-tools missing: generated speech stays WAV")
SPOKEN = "audio/ogg" if shutil.which("opusenc") else "audio/wav"  # what the app sends by default


@needs_espeak
def test_audio_play__no_recording_no_opusenc__computer_voice_wav_cached(app, client, only_mini_questionnaire,
                                                                      storage):
    app.config["SURVEY_AUDIO_OPUSENC"] = "off"
    url = f"/audio/mini/cs/{text_hash('Kolik ti je let?')}"
    first = client.get(url)
    assert (first.status_code, first.mimetype, first.data[:4]) == (200, "audio/wav", b"RIFF")
    cached = storage.data_dir / "cache" / "speech" / "cs" / f"{text_hash('Kolik ti je let?')}.wav"
    assert cached.read_bytes() == first.data
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@needs_espeak
@needs_opusenc
def test_audio_play__opusenc__ogg_opus_cached_and_wav_on_request(client, only_mini_questionnaire, storage):
    from survey_app.storage.audio import detect_format
    url = f"/audio/mini/cs/{text_hash('Kolik ti je let?')}?v=tts"
    first = client.get(url)
    assert (first.status_code, first.mimetype, detect_format(first.data)) == (200, "audio/ogg", "ogg_opus")
    cache = storage.data_dir / "cache" / "speech" / "cs"
    assert (cache / f"{text_hash('Kolik ti je let?')}.ogg").read_bytes() == first.data
    wav = client.get(url + "&format=wav")
    assert (wav.status_code, wav.mimetype, wav.data[:4]) == (200, "audio/wav", b"RIFF")
    assert len(first.data) * 8 < len(wav.data)  # the point of it: a fraction of the WAV


@needs_espeak
def test_audio_admin__espeak__states_computer_and_recorded(client, login_as, only_mini_questionnaire,
                                                          questionnaires_dir):
    import io
    login_as("facilitator")
    client.post("/admin/questionnaires/mini/audio", headers={"Accept": "application/json"},
                data={"key": "q.vek.label", "lang": "cs", "audio": (io.BytesIO(samples.wav()), "a.wav")})
    listing = client.get("/admin/questionnaires/mini/audio", headers={"Accept": "application/json"}).get_json()
    states = {(r["key"], r["lang"]): r["state"] for r in listing["texts"]}
    assert states[("q.vek.label", "cs")] == "recorded"
    assert states[("q.pocit.label", "cs")] == "computer"
    assert states[("q.pocit.label", "uk")] == "none"  # mini has no Ukrainian text: nothing to read
    html = client.get("/admin/questionnaires/mini/audio").get_data(as_text=True)
    assert ">hlas počítače</span>" in html
    path = questionnaires_dir / "mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Kolik ti je let?", "Kolik je ti let?"),
                    encoding="utf-8")
    listing = client.get("/admin/questionnaires/mini/audio", headers={"Accept": "application/json"}).get_json()
    row = next(r for r in listing["texts"] if (r["key"], r["lang"]) == ("q.vek.label", "cs"))
    assert row["state"] == "stale"
    assert row["url"] == f"/audio/mini/cs/{text_hash('Kolik je ti let?')}?v=tts"  # the new text, spoken
    assert client.get(row["url"]).mimetype == SPOKEN


def test_speaker_macro__recorded_text__hidden_button_with_url(app, only_mini_questionnaire, storage):
    from survey_app.storage.audio import AudioStore
    AudioStore(storage.data_dir, None).save("mini", "q.vek.label", "cs", "Kolik ti je let?", samples.wav())
    app.config["SURVEY_AUDIO_ESPEAK"] = "off"
    with app.test_request_context("/s/mini?lang=cs"):
        q = app.extensions["survey_registry"].get("mini")
        speaker, button = render_template_string(MACROS, q=q, key="q.vek.label").split("|")
        nothing = render_template_string(MACROS, q=q, key="q.pocit.label").split("|")[0]
    assert speaker.startswith('<button type="button" class="read-aloud-speaker" data-audio-src="/audio/mini/cs/'
                              f'{text_hash("Kolik ti je let?")}?v=')
    assert ('data-text-key="q.vek.label" aria-label="Přečti nahlas: Kolik ti je let?" '
            'title="Přečti nahlas: Kolik ti je let?" hidden>') in speaker
    assert 'aria-label="Přečti mi to: otázku a potom všechny odpovědi" hidden>' in button
    assert button.endswith("<span>Přečti mi to</span></button>")
    assert nothing == ""  # no recording and no espeak-ng: no button at all


def test_audio_play__response__stores_nothing_about_the_listener(client, only_mini_questionnaire, storage):
    from survey_app.storage.audio import AudioStore
    end = "Děkujeme! Když se děje něco zlého, volej Linku bezpečí 116 111."
    AudioStore(storage.data_dir, None).save("mini", "end", "cs", end, samples.wav())
    before = sorted(p.relative_to(storage.data_dir) for p in storage.data_dir.rglob("*"))
    url = f"/audio/mini/cs/{text_hash(end)}"
    assert client.get(url).status_code == 200
    assert "Set-Cookie" not in client.get(url).headers
    assert sorted(p.relative_to(storage.data_dir) for p in storage.data_dir.rglob("*")) == before
