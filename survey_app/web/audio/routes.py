"""The audio admin page (/admin/questionnaires/<id>/audio: record, upload, delete) and
the public audio URL /audio/<id>/<lang>/<text hash>, which stores nothing about who listens."""
from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from ...web.registry import QuestionnaireUnavailable, get_registry
from ...storage.audio import TEXT_HASH, AudioError
from ...storage.audio import text_hash as hash_of
from ..auth.access import permission_required
from ..security import content_security_policy
from ..errors import N_, ApiError, error_response, wants_json
from .helpers import audio_store, audio_url, audio_urls, max_bytes, texts_by_key, url_of
from .texts import AUDIO_LANGS, text_key

bp = Blueprint("audio", __name__)
CACHE_SECONDS = 3600
LANG_NAMES = {"cs": "Čeština", "uk": "Українська", "en": "English"}
STATES = {"recorded": N_("recorded"), "stale": N_("stale: recorded for an earlier text"),
          "computer": N_("computer voice"), "none": N_("no audio")}
REASONS = {"empty": N_("the file is empty"), "too_large": N_("the file is larger than %(kib)d KiB"),
           "not_audio": N_("this is not an audio file (accepted: Ogg/Opus, WebM/Opus, MP3, M4A/AAC, WAV)"),
           "wrong_codec": N_("this audio format is not accepted (accepted: Ogg/Opus, WebM/Opus, MP3, M4A/AAC, WAV)")}


class CsrfForm(FlaskForm):
    """Only the CSRF token: key, lang and the file are checked below, naming the field."""


@bp.after_request
def recording_allowed(response):
    """The recording page may use the microphone and play the take from a blob: URL;
    every other page keeps the app's policy (security.py sets its headers only when a
    view has not)."""
    if request.endpoint == "audio.admin":
        response.headers["Permissions-Policy"] = "camera=(), microphone=(self), geolocation=(self)"
        policy = content_security_policy(get_registry().all())
        response.headers["Content-Security-Policy"] = policy.replace(
            "default-src 'self'; ", "default-src 'self'; media-src 'self' blob:; ", 1)
    return response


@bp.app_context_processor
def read_aloud_helpers():
    return {"audio_url": audio_url, "audio_urls": audio_urls, "read_aloud_key": text_key}


def questionnaire_or_404(questionnaire_id):
    try:
        return get_registry().get(questionnaire_id)
    except (QuestionnaireUnavailable, KeyError, ValueError):
        raise ApiError(404, "not_found", _("There is no questionnaire with this address.")) from None


def rows(questionnaire) -> list[dict]:
    """Every text and language with its state, for the admin page and its JSON twin."""
    store, found = audio_store(), []
    for text in texts_by_key(questionnaire).values():
        for lang in AUDIO_LANGS:
            spoken = text.text(lang)
            state = store.state(questionnaire.id, text.key, lang, spoken) if spoken else "none"
            found.append({"key": text.key, "group": text.group, "lang": lang, "text": spoken,
                          "state": state, "url": url_of(questionnaire, text, lang)})
    return found


def render_page(questionnaire, error=None, status=200):
    listing = rows(questionnaire)
    if wants_json():
        return {"questionnaire": questionnaire.id, "texts": listing}, status
    missing = [row for row in listing if row["text"] and row["url"] is None]
    states = {state: _(message) for state, message in STATES.items()}
    return render_template("audio/admin.html", q=questionnaire, rows=listing, states=states,
                           lang_names=LANG_NAMES, error=error, missing=missing,
                           can_speak=audio_store().can_speak("cs"), form=CsrfForm(),
                           max_kib=max_bytes() // 1024), status


def refused(questionnaire, field, message, code="invalid"):
    if wants_json():
        return error_response(422, "invalid", message, field=field, code=code)
    return render_page(questionnaire, message, 422)


@bp.get("/admin/questionnaires/<questionnaire_id>/audio")
@permission_required("questionnaires")
def admin(questionnaire_id):
    return render_page(questionnaire_or_404(questionnaire_id))


def _target(questionnaire):
    """(text, lang, None) from the form's CSRF token, key and lang, or (None, None, the
    422 response naming the field): the same checks for an upload and a delete."""
    if not CsrfForm().validate_on_submit():
        return None, None, refused(questionnaire, "csrf_token",
                                   _("The form has expired. Please reload the page and try again."), "csrf")
    text = texts_by_key(questionnaire).get(request.form.get("key", ""))
    if text is None:
        return None, None, refused(questionnaire, "key", _("Text: there is no such text in this questionnaire."))
    lang = request.form.get("lang", "")
    if lang not in AUDIO_LANGS or not text.text(lang):
        return None, None, refused(questionnaire, "lang",
                                   _("Language: this text has no version in that language."))
    return text, lang, None


@bp.post("/admin/questionnaires/<questionnaire_id>/audio")
@permission_required("questionnaires")
def upload(questionnaire_id):
    questionnaire = questionnaire_or_404(questionnaire_id)
    text, lang, error = _target(questionnaire)
    if error:
        return error
    upload_file = request.files.get("audio")
    if upload_file is None or not upload_file.filename:  # the form sent without a file
        return refused(questionnaire, "audio", _("Audio: choose a file or record one."), "empty")
    data = upload_file.stream.read(max_bytes() + 1)  # never more than the limit in memory
    try:
        audio_store().save(questionnaire.id, text.key, lang, text.text(lang), data, max_bytes())
    except AudioError as exc:
        reason = _(REASONS.get(exc.code, REASONS["not_audio"]), kib=max_bytes() // 1024)
        return refused(questionnaire, "audio", _("Audio: %(reason)s.", reason=reason), exc.code)
    if wants_json():
        return {"key": text.key, "lang": lang, "state": "recorded",
                "url": url_of(questionnaire, text, lang)}, 201
    flash(_("Recording saved."), "info")
    return redirect(url_for(".admin", questionnaire_id=questionnaire.id, _anchor=f"t-{text.key}-{lang}"),
                    code=303)


@bp.post("/admin/questionnaires/<questionnaire_id>/audio/delete")
@permission_required("questionnaires")
def delete(questionnaire_id):
    questionnaire = questionnaire_or_404(questionnaire_id)
    text, lang, error = _target(questionnaire)
    if error:
        return error
    audio_store().delete(questionnaire.id, text.key, lang)
    if wants_json():
        return {"key": text.key, "lang": lang, "deleted": True}
    flash(_("Recording deleted."), "info")
    return redirect(url_for(".admin", questionnaire_id=questionnaire.id, _anchor=f"t-{text.key}-{lang}"),
                    code=303)


@bp.get("/audio/<questionnaire_id>/<lang>/<text_hash>")
def play(questionnaire_id, lang, text_hash):
    """The recording of the current text with this hash, else its generated speech
    (Ogg/Opus when opusenc is installed, WAV with ?format=wav or without opusenc).
    Only texts the questionnaire has now: a stale recording is never served."""
    if lang not in AUDIO_LANGS or not TEXT_HASH.fullmatch(text_hash):
        raise ApiError(404, "not_found", _("There is no such recording."))
    questionnaire = questionnaire_or_404(questionnaire_id)
    store, matching = audio_store(), []
    for text in texts_by_key(questionnaire).values():
        spoken = text.text(lang)
        if spoken and hash_of(spoken) == text_hash:
            matching.append((text, spoken))
    for text, spoken in matching:
        recording = store.recording_for(questionnaire.id, text.key, lang, spoken)
        if recording:
            return _send(*recording)
    if matching:
        # ?format=wav: read_aloud.js asks for it where the browser cannot play Ogg/Opus.
        spoken = matching[0][1]
        if request.args.get("format") == "wav":
            wav = store.speech_for(lang, spoken)
            speech = (wav, "audio/wav") if wav else None
        else:
            speech = store.compact_speech_for(lang, spoken)
        if speech:
            return _send(*speech)
    raise ApiError(404, "not_found", _("There is no such recording."))


def _send(path, mime):
    response = send_file(path, mimetype=mime, conditional=True, etag=True, max_age=CACHE_SECONDS)
    response.cache_control.public = True
    return response
