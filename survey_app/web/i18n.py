"""Languages: Czech first, English complete, Ukrainian; the choice lives in the session.

`?lang=en` on any page switches and remembers the choice. Catalogs are compiled from
the .po files at start when the .mo is missing or older, so a fresh clone needs no
extra build step.
"""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import request, session
from flask_babel import Babel

# In the order of the language switch ("Čeština · Українська · English").
LANGUAGES = {"cs": "Čeština", "uk": "Українська", "en": "English"}
DEFAULT_LANG = "cs"
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


def compile_catalogs(directory: Path = TRANSLATIONS_DIR) -> None:
    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        tmp = mo_path.with_suffix(".mo.tmp")
        try:
            with tmp.open("wb") as mo_file:
                write_mo(mo_file, catalog)
            tmp.replace(mo_path)
        except OSError:
            pass  # read-only install: a catalog compiled at build time is used


def init_app(app):
    compile_catalogs()
    babel.init_app(app, default_locale=DEFAULT_LANG, locale_selector=current_lang,
                   default_translation_directories=str(TRANSLATIONS_DIR))

    @app.context_processor
    def language_context():
        return {"languages": LANGUAGES, "lang": current_lang()}
