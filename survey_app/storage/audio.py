"""Read-aloud audio (no Flask): recordings checked by content, kept per questionnaire,
text key and language, tied to a hash of the text; generated speech cached.

Layout under `<data_dir>`:
    uploads/audio/<questionnaire_id>/index.json   {"<key>|<lang>": entry}, atomic
    uploads/audio/<questionnaire_id>/<sha256>.<ext> the recordings, stored as uploaded
    uploads/audio/<questionnaire_id>/.lock        flock for the index (not in snapshots)
    cache/speech/<lang>/<text_hash>.wav           espeak-ng output (regenerable, no backup)
    cache/speech/<lang>/<text_hash>.ogg           the same as Ogg/Opus, when opusenc is installed
uploads/ is in Storage.snapshot, so recordings are in every backup.

An entry remembers the hash of the text it was recorded for. When the text changes
its hash changes too: the entry is then "stale" and `recording_for` no longer returns
it, so an old recording is never played for a new text.
"""
import fcntl
import hashlib
import json
import re
import shutil
import struct
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from .files import StorageError, atomic_write, fsync_dir, replace_durably, temp_path
from ..vocabulary import STORED_ID_RE

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SPEECH_TIMEOUT_SECONDS = 20
# Detected format -> (file extension, MIME type).
FORMATS = {
    "ogg_opus": ("ogg", "audio/ogg"),
    "webm_opus": ("webm", "audio/webm"),
    "mp3": ("mp3", "audio/mpeg"),
    "m4a": ("m4a", "audio/mp4"),
    "wav": ("wav", "audio/wav"),
}
ESPEAK_VOICES = {"cs": "cs", "uk": "uk", "en": "en"}
TEXT_HASH = re.compile(r"[0-9a-f]{20}")
_KEY = re.compile(r"[A-Za-z0-9_.:-]{1,200}")
_QID = STORED_ID_RE  # vocabulary.py
_LANG = re.compile(r"[a-z]{2,3}")
_FILE = re.compile(r"[0-9a-f]{64}\.(ogg|webm|mp3|m4a|wav)")


class AudioError(StorageError):
    """An upload that cannot be kept: `code` says why (not_audio, too_large, empty,
    wrong_codec), `field` is the form field it came from."""

    def __init__(self, code, message, field="audio"):
        super().__init__(message)
        self.code, self.field = code, field


def text_hash(text: str) -> str:
    """20 hex digits of SHA-256 over the text as shown (stripped): the audio URL's last part."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:20]


# --- content checks ------------------------------------------------------------------

def _ogg(data: bytes):
    # First page: "OggS", version 0, beginning-of-stream flag, then the Opus ID header.
    if data[:4] != b"OggS" or len(data) < 47 or data[4] != 0 or not data[5] & 0x02:
        return None
    segments = data[26]
    body = 27 + segments
    if data[body:body + 8] == b"OpusHead":
        return "ogg_opus"
    raise AudioError("wrong_codec", "an Ogg file, but not Opus (record or convert to Opus)")


def _ebml_webm(data: bytes):
    if data[:4] != b"\x1a\x45\xdf\xa3":
        return None
    head = data[:4096]
    if b"\x42\x82\x84webm" not in head and b"webm" not in head[:64]:
        raise AudioError("wrong_codec", "a Matroska file, not WebM")
    if b"A_OPUS" not in data[:65536]:
        raise AudioError("wrong_codec", "a WebM file without an Opus audio track")
    return "webm_opus"


_MP3_BITRATES = {1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],  # MPEG1 L3
                 2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]}   # MPEG2/2.5 L3
_MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _mp3_frame_length(data: bytes, at: int):
    """Length of a valid MPEG layer III frame starting at `at`, else None."""
    if at + 4 > len(data) or data[at] != 0xFF or data[at + 1] & 0xE0 != 0xE0:
        return None
    version, layer = (data[at + 1] >> 3) & 3, (data[at + 1] >> 1) & 3
    bitrate_index, rate_index = data[at + 2] >> 4, (data[at + 2] >> 2) & 3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    padding = (data[at + 2] >> 1) & 1
    bitrate = _MP3_BITRATES[1 if version == 3 else 2][bitrate_index] * 1000
    rate = _MP3_RATES[version][rate_index]
    return (144 if version == 3 else 72) * bitrate // rate + padding


def _mp3(data: bytes):
    start = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = data[6:10]
        if any(b & 0x80 for b in size):
            return None
        start = 10 + (size[0] << 21 | size[1] << 14 | size[2] << 7 | size[3])
    length = _mp3_frame_length(data, start)
    if length is None:
        return None
    # A second frame right after the first: random bytes rarely pass both checks.
    if start + length < len(data) and _mp3_frame_length(data, start + length) is None:
        return None
    return "mp3"


def _m4a(data: bytes):
    if data[4:8] != b"ftyp":
        return None
    if b"mp4a" not in data:
        raise AudioError("wrong_codec", "an MP4 file without AAC audio (mp4a)")
    if b"vide" in data[:min(len(data), 1 << 20)] and b"soun" not in data:
        raise AudioError("wrong_codec", "a video file, not audio")
    return "m4a"


def _wav(data: bytes):
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    at = 12
    while at + 8 <= len(data):
        chunk, size = data[at:at + 4], struct.unpack("<I", data[at + 4:at + 8])[0]
        if chunk == b"fmt " and size >= 16 and at + 24 <= len(data):
            fmt, channels, rate = struct.unpack("<HHI", data[at + 8:at + 16])
            if fmt in (1, 3, 0xFFFE) and 1 <= channels <= 8 and 8000 <= rate <= 192000:
                return "wav"
            raise AudioError("wrong_codec", "a WAV file that is not PCM audio")
        at += 8 + size + (size & 1)
    return None


_DETECTORS = (_ogg, _ebml_webm, _mp3, _m4a, _wav)


def detect_format(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The format key of FORMATS for `data`, read from the bytes (never a file name or
    a declared type). Raises AudioError(empty | too_large | not_audio | wrong_codec)."""
    if not data:
        raise AudioError("empty", "the file is empty")
    if len(data) > max_bytes:
        raise AudioError("too_large", f"the file is larger than {max_bytes // 1024} KiB")
    for detector in _DETECTORS:
        found = detector(data)
        if found:
            return found
    raise AudioError("not_audio", "not an audio file (accepted: Ogg/Opus, WebM/Opus, MP3, M4A/AAC, WAV)")


# --- recordings ----------------------------------------------------------------------

def _check(qid, key, lang):
    if not (isinstance(qid, str) and _QID.fullmatch(qid)):
        raise ValueError(f"invalid questionnaire id {qid!r}")
    if not (isinstance(key, str) and _KEY.fullmatch(key)):
        raise ValueError(f"invalid text key {key!r}")
    if not (isinstance(lang, str) and _LANG.fullmatch(lang)):
        raise ValueError(f"invalid language {lang!r}")


class AudioStore:
    """Recordings and generated speech under one data directory; safe between
    processes (the index is read-modified-written under a flock)."""

    def __init__(self, data_dir, espeak: str | None = "espeak-ng", opusenc: str | None = None):
        """`espeak`, `opusenc`: the binaries (looked up on PATH; None or missing: no
        generated speech, or generated speech stays WAV)."""
        self.data_dir = Path(data_dir)
        self.espeak = shutil.which(espeak) if espeak else None
        self.opusenc = shutil.which(opusenc) if opusenc else None

    def _dir(self, qid) -> Path:
        return self.data_dir / "uploads" / "audio" / qid

    def _read_index(self, qid) -> dict:
        try:
            return json.loads((self._dir(qid) / "index.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    @contextmanager
    def _locked(self, qid):
        folder = self._dir(qid)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(folder / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield folder

    def entries(self, qid) -> dict:
        """{"<key>|<lang>": {"text_hash", "file", "format", "mime", "bytes", "saved_at"}}."""
        _check(qid, "k", "cs")
        return self._read_index(qid)

    def save(self, qid, key, lang, text, data: bytes, max_bytes=DEFAULT_MAX_BYTES) -> dict:
        """Check `data` by content, keep it as the recording of `key` in `lang` for
        `text`, replacing an older one; returns the entry. Raises AudioError."""
        _check(qid, key, lang)
        fmt = detect_format(data, max_bytes)
        extension, mime = FORMATS[fmt]
        name = f"{hashlib.sha256(data).hexdigest()}.{extension}"
        entry = {"text_hash": text_hash(text), "file": name, "format": fmt, "mime": mime,
                 "bytes": len(data), "saved_at": int(time.time())}
        with self._locked(qid) as folder:
            if not (folder / name).exists():
                atomic_write(folder / name, data)
            index = self._read_index(qid)
            old = index.get(f"{key}|{lang}")
            index[f"{key}|{lang}"] = entry
            atomic_write(folder / "index.json", json.dumps(index, indent=1, sort_keys=True).encode())
            self._drop_unused(folder, index, old)
        return entry

    def delete(self, qid, key, lang) -> bool:
        """Forget the recording of `key` in `lang`; False when there was none."""
        _check(qid, key, lang)
        with self._locked(qid) as folder:
            index = self._read_index(qid)
            old = index.pop(f"{key}|{lang}", None)
            if old is None:
                return False
            atomic_write(folder / "index.json", json.dumps(index, indent=1, sort_keys=True).encode())
            self._drop_unused(folder, index, old)
        return True

    @staticmethod
    def _drop_unused(folder: Path, index: dict, old):
        if old and all(e["file"] != old["file"] for e in index.values()):
            (folder / old["file"]).unlink(missing_ok=True)
            fsync_dir(folder)

    def state(self, qid, key, lang, text) -> str:
        """"recorded" (a recording of this very text), "stale" (of an earlier text:
        not played; generated speech plays instead when available), "computer"
        (generated speech available) or "none"."""
        entry = self._read_index(qid).get(f"{key}|{lang}")
        if entry and entry["text_hash"] == text_hash(text):
            return "recorded"
        if entry:
            return "stale"
        return "computer" if self.can_speak(lang) else "none"

    def recording_for(self, qid, key, lang, text):
        """(path, mime) of the recording of exactly this `text`, or None (none or stale)."""
        _check(qid, key, lang)
        entry = self._read_index(qid).get(f"{key}|{lang}")
        if not entry or entry["text_hash"] != text_hash(text) or not _FILE.fullmatch(entry["file"]):
            return None
        path = self._dir(qid) / entry["file"]
        return (path, entry["mime"]) if path.is_file() else None

    # --- generated speech ------------------------------------------------------------

    def can_speak(self, lang) -> bool:
        return bool(self.espeak) and lang in ESPEAK_VOICES

    def speech_path(self, lang, text) -> Path:
        return self.data_dir / "cache" / "speech" / lang / f"{text_hash(text)}.wav"

    def speech_for(self, lang, text):
        """Path of a WAV of `text` spoken by espeak-ng in `lang`, made once and cached;
        None when espeak-ng is missing, has no such voice or fails."""
        if not self.can_speak(lang) or not text.strip():
            return None
        path = self.speech_path(lang, text)
        if path.is_file():
            return path
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = temp_path(path)
        try:
            # The text goes in on stdin: never parsed as an option, whatever it holds.
            subprocess.run([self.espeak, "-v", ESPEAK_VOICES[lang], "-s", "150", "-w", str(tmp)],
                           input=text.strip().encode("utf-8"), check=True, capture_output=True,
                           timeout=SPEECH_TIMEOUT_SECONDS)
            with open(tmp, "rb") as produced:
                data = produced.read()
            if len(data) < 100:
                return None
            replace_durably(tmp, path)
        except (OSError, subprocess.SubprocessError):
            return None
        finally:
            tmp.unlink(missing_ok=True)
        return path

    def compact_speech_for(self, lang, text):
        """(path, mime) of the generated speech to send: Ogg/Opus (about 1/20 of the WAV)
        when opusenc is installed and encodes it, else the WAV; None without speech."""
        wav = self.speech_for(lang, text)
        if wav is None:
            return None
        if self.opusenc:
            ogg = wav.with_suffix(".ogg")
            if ogg.is_file() or self._encode_opus(wav, ogg):
                return ogg, FORMATS["ogg_opus"][1]
        return wav, FORMATS["wav"][1]

    def _encode_opus(self, wav: Path, ogg: Path) -> bool:
        tmp = temp_path(ogg)
        try:
            subprocess.run([self.opusenc, "--quiet", "--speech", "--bitrate", "24", "--comp", "5",
                            str(wav), str(tmp)], check=True, capture_output=True, timeout=SPEECH_TIMEOUT_SECONDS)
            with open(tmp, "rb") as produced:
                if _ogg(produced.read(4096)) != "ogg_opus":
                    return False
            replace_durably(tmp, ogg)
            return True
        except (OSError, subprocess.SubprocessError, AudioError):
            return False
        finally:
            tmp.unlink(missing_ok=True)
