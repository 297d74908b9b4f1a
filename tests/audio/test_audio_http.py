"""The audio admin round trip over HTTP and the public audio URL."""
import io
import re

import pytest

from survey_app.storage.audio import text_hash

from . import samples

MINI_LABEL = "Kolik ti je let?"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "SURVEY_AUDIO_ESPEAK": "", "SURVEY_AUDIO_MAX_BYTES": 4096}


def upload(client, data, key="q.vek.label", lang="cs", accept="application/json"):
    return client.post("/admin/questionnaires/mini/audio", headers={"Accept": accept},
                       data={"key": key, "lang": lang, "audio": (io.BytesIO(data), "take.bin")})


def test_audio_admin__anonymous__refused(client, only_mini_questionnaire):
    response = client.get("/admin/questionnaires/mini/audio", headers={"Accept": "application/json"})
    assert response.status_code == 401


def test_audio_admin__upload_play_change_label__stale(client, login_as, only_mini_questionnaire,
                                                      questionnaires_dir):
    login_as("facilitator")
    data = samples.wav()
    created = upload(client, data)
    assert created.status_code == 201
    url = created.get_json()["url"]
    assert re.fullmatch(rf"/audio/mini/cs/{text_hash(MINI_LABEL)}\?v=[0-9a-f]{{12}}", url)
    client.get("/logout")
    played = client.get(url)
    assert (played.status_code, played.data, played.mimetype) == (200, data, "audio/wav")
    assert "public" in played.headers["Cache-Control"] and "max-age=3600" in played.headers["Cache-Control"]
    assert "Set-Cookie" not in played.headers
    listing = login_as("facilitator").get("/admin/questionnaires/mini/audio",
                                            headers={"Accept": "application/json"}).get_json()
    row = next(r for r in listing["texts"] if (r["key"], r["lang"]) == ("q.vek.label", "cs"))
    assert (row["state"], row["url"]) == ("recorded", url)

    path = questionnaires_dir / "mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(MINI_LABEL, "Kolik je ti let?"), encoding="utf-8")
    listing = client.get("/admin/questionnaires/mini/audio", headers={"Accept": "application/json"}).get_json()
    row = next(r for r in listing["texts"] if (r["key"], r["lang"]) == ("q.vek.label", "cs"))
    assert (row["state"], row["url"]) == ("stale", None)
    assert client.get(url).status_code == 404  # the old text is gone: its recording is not served


def test_audio_admin__page__lists_every_text_and_state(client, login_as, only_mini_questionnaire):
    login_as("facilitator")
    upload(client, samples.mp3())
    html = client.get("/admin/questionnaires/mini/audio?lang=en").get_data(as_text=True)
    assert 'id="t-q.vek.label-cs" data-key="q.vek.label" data-lang="cs" data-state="recorded"' in html
    assert 'id="t-q.pocit.option.5-cs" data-key="q.pocit.option.5" data-lang="cs" data-state="none"' in html
    assert 'id="no-speech"' in html
    assert "Texts without audio: " in html
    assert '<script src="/static/js/audio_admin.js?v=' in html


@pytest.mark.parametrize("data, code, message", [
    (b"GIF89a not audio", "not_audio",
     "Audio: this is not an audio file (accepted: Ogg/Opus, WebM/Opus, MP3, M4A/AAC, WAV)."),
    (b"", "empty", "Audio: the file is empty."),
    (samples.wav(seconds=1), "too_large", "Audio: the file is larger than 4 KiB.")], ids=["gif", "empty", "big"])
def test_audio_admin__bad_file__422_naming_the_field(client, login_as, only_mini_questionnaire, data, code, message):
    login_as("facilitator")
    client.get("/admin/?lang=en")
    response = upload(client, data)
    assert response.status_code == 422
    assert response.get_json() == {"error": "invalid", "field": "audio", "code": code, "message": message}


def test_audio_admin__bad_file_in_browser__422_page_with_message(client, login_as, only_mini_questionnaire):
    login_as("facilitator")
    response = upload(client, b"GIF89a", accept="text/html")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="audio-error" role="alert">Zvuk: tohle není zvukový soubor' in html


@pytest.mark.parametrize("form, field", [({"key": "q.nic.label", "lang": "cs"}, "key"),
                                         ({"key": "q.vek.label", "lang": "uk"}, "lang"),
                                         ({"key": "q.vek.label", "lang": "xx"}, "lang")])
def test_audio_admin__unknown_key_or_lang__422_naming_it(client, login_as, only_mini_questionnaire, form, field):
    login_as("facilitator")
    response = upload(client, samples.wav(), **form)
    assert (response.status_code, response.get_json()["field"]) == (422, field)


def test_audio_admin__delete__back_to_none(client, login_as, only_mini_questionnaire):
    login_as("facilitator")
    url = upload(client, samples.wav()).get_json()["url"]
    response = client.post("/admin/questionnaires/mini/audio/delete", headers={"Accept": "application/json"},
                           data={"key": "q.vek.label", "lang": "cs"})
    assert response.get_json() == {"key": "q.vek.label", "lang": "cs", "deleted": True}
    assert client.get(url).status_code == 404


def test_audio_admin__csrf_missing__refused(csrf_app, only_mini_questionnaire, login_as):
    client = login_as("facilitator", client=csrf_app.test_client())
    response = client.post("/admin/questionnaires/mini/audio", headers={"Accept": "application/json"},
                           data={"key": "q.vek.label", "lang": "cs",
                                 "audio": (io.BytesIO(samples.wav()), "a.wav")})
    assert (response.status_code, response.get_json()["error"]) == (400, "csrf")


@pytest.mark.parametrize("url", ["/audio/mini/cs/0123456789abcdef0123", "/audio/mini/cs/nothex",
                                 "/audio/mini/xx/0123456789abcdef0123", "/audio/nic/cs/0123456789abcdef0123"])
def test_audio_play__unknown__404(client, only_mini_questionnaire, url):
    assert client.get(url).status_code == 404


def test_audio_backup__snapshot__holds_the_recording(client, login_as, only_mini_questionnaire, storage, tmp_path):
    import tarfile
    login_as("facilitator")
    upload(client, samples.wav())
    with tarfile.open(storage.snapshot(tmp_path / "b.tar.gz")) as tar:
        names = tar.getnames()
    assert "uploads/audio/mini/index.json" in names
    assert any(re.fullmatch(r"uploads/audio/mini/[0-9a-f]{64}\.wav", n) for n in names)


def test_audio_admin__headers__microphone_and_blob_media_only_there(client, login_as, only_mini_questionnaire):
    login_as("facilitator")
    page = client.get("/admin/questionnaires/mini/audio")
    assert page.headers["Permissions-Policy"] == "camera=(), microphone=(self), geolocation=(self)"
    assert "default-src 'self'; media-src 'self' blob:; " in page.headers["Content-Security-Policy"]
    other = client.get("/admin/questionnaires")
    assert other.headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(self)"
    assert "media-src" not in other.headers["Content-Security-Policy"]


def test_audio_admin__form_without_file__422_choose_a_file(client, login_as, only_mini_questionnaire):
    login_as("facilitator")
    client.get("/admin/?lang=en")
    response = client.post("/admin/questionnaires/mini/audio", headers={"Accept": "application/json"},
                           data={"key": "q.vek.label", "lang": "cs", "audio": (io.BytesIO(b""), "")})
    assert response.status_code == 422
    assert response.get_json() == {"error": "invalid", "field": "audio", "code": "empty",
                                   "message": "Audio: choose a file or record one."}
