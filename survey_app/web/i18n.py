"""Languages: Czech first, English complete, Ukrainian; the choice lives in the session.

`?lang=en` on any page switches and remembers the choice. Catalogs are compiled from
the .po files at start when the .mo is missing or older (storage/catalogs.py writes
them), so a fresh clone needs no extra build step.
"""
from pathlib import Path

from flask import request, session
from flask_babel import Babel

from ..storage.catalogs import compile_catalogs
from ..vocabulary import DEFAULT_LANG, LANGUAGE_NAMES

# In the order of the language switch ("Čeština · Українська · English").
LANGUAGES = dict(LANGUAGE_NAMES)
# A language whose texts are not (yet) translated shows these instead: the UI catalogue
# falls back to the English msgids, so questionnaire texts fall back to English too.
TEXT_FALLBACK = {"uk": "en"}
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"

babel = Babel()


def current_lang() -> str:
    """The language of this request: ?lang=, then the session, then Czech."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
        return asked
    stored = session.get("lang")
    return stored if stored in LANGUAGES else DEFAULT_LANG


def init_app(app):
    compile_catalogs(TRANSLATIONS_DIR)
    babel.init_app(app, default_locale=DEFAULT_LANG, locale_selector=current_lang,
                   default_translation_directories=str(TRANSLATIONS_DIR))

    @app.context_processor
    def language_context():
        return {"languages": LANGUAGES, "lang": current_lang()}
