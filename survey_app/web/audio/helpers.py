"""The audio store of the app and the URLs a survey screen needs (template helpers)."""
from flask import current_app, g, url_for
from flask_babel import force_locale, get_locale, gettext, pgettext

from ...storage.audio import DEFAULT_MAX_BYTES, AudioStore, text_hash
from ..extensions import get_storage
from .texts import AUDIO_LANGS, Text, questionnaire_texts, speaker_texts

HELPLINE_KEY = "helpline"


OFF = ("", "off", "none", None)


def audio_store() -> AudioStore:
    """One AudioStore per app; `SURVEY_AUDIO_ESPEAK` names the espeak-ng binary,
    `SURVEY_AUDIO_OPUSENC` the opusenc binary that makes generated speech Ogg/Opus
    ("", "off" or "none": no generated speech; generated speech stays WAV)."""
    store = current_app.extensions.get("survey_audio")
    if store is None:
        espeak = current_app.config.get("SURVEY_AUDIO_ESPEAK", "espeak-ng")
        opusenc = current_app.config.get("SURVEY_AUDIO_OPUSENC", "opusenc")
        store = AudioStore(get_storage().data_dir, None if espeak in OFF else espeak,
                           None if opusenc in OFF else opusenc)
        current_app.extensions["survey_audio"] = store
    return store


def max_bytes() -> int:
    return int(current_app.config.get("SURVEY_AUDIO_MAX_BYTES") or DEFAULT_MAX_BYTES)


def helpline_text(questionnaire) -> Text:
    """The help box's own words (kiosk/_helpline.html: "Linka bezpečí 116 111. Free of
    charge, non-stop, ...") in every audio language, from the UI catalogue: they are read
    aloud and recorded like a questionnaire text, key `helpline`."""
    adults = getattr(questionnaire, "audience", None) == "adults"
    label = {}
    for lang in AUDIO_LANGS:
        with force_locale(lang):
            free = (pgettext("adults", "Free of charge, non-stop, you don't have to say your name.") if adults
                    else pgettext("children", "Free of charge, non-stop, you don't have to say your name."))
            own = (f"{gettext('First psychological aid line')} 116 123. "
                   f"{gettext('Help line for victims of crime')} 116 006. ") if adults else ""
            label[lang] = f"{own}{gettext('Linka bezpečí')} 116 111. {free}"
    return Text(HELPLINE_KEY, "end", label)


def screen_texts(questionnaire) -> list:
    """Every text a respondent hears: the questionnaire's (texts.questionnaire_texts), then
    the help box's."""
    return [*questionnaire_texts(questionnaire), helpline_text(questionnaire)]


def texts_by_key(questionnaire) -> dict:
    """{key: Text}, built once per request and questionnaire (a screen asks for many keys)."""
    cache = g.setdefault("_read_aloud_texts", {})
    found = cache.get(id(questionnaire))
    if found is None or found[0] is not questionnaire:
        found = cache[id(questionnaire)] = (questionnaire, {t.key: t for t in screen_texts(questionnaire)})
    return found[1]


def url_of(questionnaire, text, lang):
    """The public URL of `text` (a texts.Text) in `lang`, or None when there is nothing
    to play: no text in that language, or neither a recording nor generated speech.
    `v` changes when the recording does, so that caches fetch the new one."""
    spoken = text.text(lang)
    if not spoken:
        return None
    store = audio_store()
    recording = store.recording_for(questionnaire.id, text.key, lang, spoken)
    if recording is None and not store.can_speak(lang):
        return None
    version = recording[0].name[:12] if recording else "tts"
    return url_for("audio.play", questionnaire_id=questionnaire.id, lang=lang,
                   text_hash=text_hash(spoken), v=version)


def audio_urls(questionnaire, lang, keys=None) -> dict:
    """{text key: URL} of the texts of `questionnaire` (or only `keys`) playable in `lang`."""
    found = {}
    for key, text in texts_by_key(questionnaire).items():
        if keys is not None and key not in keys:
            continue
        url = url_of(questionnaire, text, lang)
        if url:
            found[key] = url
    return found


class SpeakerUrl(str):
    """The URL of a text's audio that also carries `name`, the speaker button's accessible
    name ("Přečti nahlas: Kolik je ti let?"). `audio_url` is the one template global the
    speaker macro reaches a text through, so the name travels with the URL; everywhere
    else (the map's JSON data, `{% if url %}`) it is the plain URL string."""
    name: str

    def __new__(cls, url, name):
        made = super().__new__(cls, url)
        made.name = name
        return made


def _name(adults, what, question):
    if question:
        return (pgettext("adults", "Read aloud: %(text)s (question: %(question)s)", text=what, question=question)
                if adults else
                pgettext("children", "Read aloud: %(text)s (question: %(question)s)", text=what, question=question))
    return (pgettext("adults", "Read aloud: %(text)s", text=what) if adults
            else pgettext("children", "Read aloud: %(text)s", text=what))


def speaker_names(questionnaire, lang) -> dict:
    """{text key: the speaker's accessible name}: the words it reads in `lang`, in the
    page's language, ty to children and vy to adults (texts.speaker_texts says how the
    names of one screen are kept apart). Built once per request, questionnaire and language;
    plain text: the templates escape it."""
    cache = g.setdefault("_read_aloud_names", {})
    marker = (id(questionnaire), lang, str(get_locale()))
    found = cache.get(marker)
    if found is None or found[0] is not questionnaire:
        adults = getattr(questionnaire, "audience", None) == "adults"
        texts = list(texts_by_key(questionnaire).values())
        names = {key: _name(adults, what, question)
                 for key, (what, question) in speaker_texts(questionnaire, texts, lang).items()}
        found = cache[marker] = (questionnaire, names)
    return found[1]


def audio_url(questionnaire, key, lang):
    """The URL of one text key as a SpeakerUrl (with the speaker's `name`), or None
    (template global used by _read_aloud.html)."""
    if questionnaire is None:
        return None
    text = texts_by_key(questionnaire).get(key)
    url = url_of(questionnaire, text, lang) if text else None
    return SpeakerUrl(url, speaker_names(questionnaire, lang)[key]) if url else None
