"""storage/audio.py: content checks, the size limit, stale recordings, generated speech."""
import shutil

import pytest

from survey_app.storage.audio import AudioError, AudioStore, detect_format, text_hash

from . import samples

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng missing: scripts/ensure-chromium.sh installs it")


@pytest.mark.parametrize("make, expected", [
    (samples.wav, "wav"), (samples.ogg_opus, "ogg_opus"), (samples.webm_opus, "webm_opus"),
    (samples.mp3, "mp3"), (samples.m4a, "m4a")])
def test_detect_format__valid_sample__named_by_content(make, expected):
    assert detect_format(make()) == expected


@pytest.mark.parametrize("data, code", [
    (b"", "empty"), (b"%PDF-1.7 not audio at all", "not_audio"),
    (b"\x89PNG\r\n\x1a\n" + bytes(40), "not_audio"), (b"\xff\xfb" + bytes(10), "not_audio"),
    (samples.ogg_vorbis(), "wrong_codec"), (b"\x1a\x45\xdf\xa3" + bytes(10) + b"webm" + bytes(20), "wrong_codec")])
def test_detect_format__not_accepted__error_code(data, code):
    with pytest.raises(AudioError) as caught:
        detect_format(data)
    assert (caught.value.code, caught.value.field) == (code, "audio")


def test_detect_format__over_the_limit__too_large():
    with pytest.raises(AudioError) as caught:
        detect_format(samples.wav(), max_bytes=100)
    assert caught.value.code == "too_large"


def test_save__then_text_changes__stale_and_not_served(tmp_path):
    store = AudioStore(tmp_path, espeak=None)
    data = samples.wav()
    entry = store.save("mini", "q.vek.label", "cs", "Kolik ti je let?", data)
    path, mime = store.recording_for("mini", "q.vek.label", "cs", "Kolik ti je let?")
    assert (path.read_bytes(), mime, entry["format"]) == (data, "audio/wav", "wav")
    assert store.state("mini", "q.vek.label", "cs", "Kolik ti je let?") == "recorded"
    assert store.state("mini", "q.vek.label", "cs", "Kolik je ti let?") == "stale"
    assert store.recording_for("mini", "q.vek.label", "cs", "Kolik je ti let?") is None
    assert store.state("mini", "q.vek.label", "uk", "Скільки тобі років?") == "none"
    assert path.parent == tmp_path / "uploads" / "audio" / "mini"  # inside uploads/: in backups


def test_save__redo__replaces_and_removes_old_file(tmp_path):
    store = AudioStore(tmp_path, espeak=None)
    first = store.save("mini", "end", "cs", "Děkujeme!", samples.wav(0.05))
    second = store.save("mini", "end", "cs", "Děkujeme!", samples.wav(0.1))
    folder = tmp_path / "uploads" / "audio" / "mini"
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == sorted(
        ["index.json", second["file"]])
    assert first["file"] != second["file"]
    assert store.delete("mini", "end", "cs") is True
    assert store.entries("mini") == {}


def test_save__bad_key__value_error(tmp_path):
    with pytest.raises(ValueError):
        AudioStore(tmp_path, espeak=None).save("mini", "../x", "cs", "t", samples.wav())


def test_text_hash__strips__twenty_hex_digits():
    assert text_hash(" Ahoj ") == text_hash("Ahoj")
    assert len(text_hash("Ahoj")) == 20


def test_speech_for__without_espeak__none(tmp_path):
    store = AudioStore(tmp_path, espeak="no-such-espeak-binary")
    assert (store.can_speak("cs"), store.speech_for("cs", "Ahoj")) == (False, None)
    assert store.state("mini", "end", "cs", "Ahoj") == "none"


@needs_espeak
@pytest.mark.parametrize("lang, text", [("cs", "Jak se cítíš?"), ("uk", "Як ти почуваєшся?")])
def test_speech_for__espeak__wav_made_once_and_cached(tmp_path, lang, text):
    store = AudioStore(tmp_path)
    path = store.speech_for(lang, text)
    assert path == tmp_path / "cache" / "speech" / lang / f"{text_hash(text)}.wav"
    assert detect_format(path.read_bytes()) == "wav"
    mtime = path.stat().st_mtime_ns
    assert store.speech_for(lang, text) == path
    assert path.stat().st_mtime_ns == mtime  # cached, not made again
    assert store.state("mini", "end", lang, text) == "computer"


@needs_espeak
def test_speech_for__text_like_an_option__read_not_parsed(tmp_path):
    path = AudioStore(tmp_path).speech_for("cs", "--help -w /tmp/x")
    assert path is not None and detect_format(path.read_bytes()) == "wav"


@needs_espeak
@pytest.mark.skipif(shutil.which("opusenc") is None, reason="opus-tools missing")
def test_compact_speech_for__opusenc__ogg_opus_beside_the_wav(tmp_path):
    store = AudioStore(tmp_path, opusenc="opusenc")
    path, mime = store.compact_speech_for("uk", "Як ти почуваєшся?")
    assert (path.name, mime) == (f"{text_hash('Як ти почуваєшся?')}.ogg", "audio/ogg")
    assert detect_format(path.read_bytes()) == "ogg_opus"
    assert store.speech_path("uk", "Як ти почуваєшся?").is_file()  # the WAV stays for ?format=wav
    assert store.compact_speech_for("uk", "Як ти почуваєшся?") == (path, mime)


@needs_espeak
def test_compact_speech_for__no_opusenc__the_wav(tmp_path):
    store = AudioStore(tmp_path, opusenc="no-such-opusenc")
    assert store.compact_speech_for("cs", "Ahoj") == (store.speech_path("cs", "Ahoj"), "audio/wav")
