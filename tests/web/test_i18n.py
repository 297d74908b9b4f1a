"""Czech is complete: every UI string in code and templates has a Czech translation."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("survey_app/**.py", "python"), ("survey_app/web/templates/**.html", "jinja2")]


def _catalog(lang):
    with (ROOT / "survey_app/web/translations" / lang / "LC_MESSAGES/messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def test_every_ui_string__has_czech_translation():
    catalog = _catalog("cs")
    extracted = {(message, context) for _file, _line, message, _comments, context
                 in extract_from_dir(str(ROOT), METHODS)}
    assert extracted, "nothing extracted: the extraction itself is broken"
    missing = []
    for message, context in extracted:
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key, context=context)
        strings = entry.string if entry is not None else ""
        if not (all(strings) if isinstance(strings, tuple) else strings):
            missing.append(key)
    assert missing == [], "run scripts/translate.py and translate these"


def test_czech_catalog__uses_diacritics():
    catalog = _catalog("cs")
    assert catalog.get("Start").string == "Začít"
    assert catalog.get("Safety in Litvínov").string == "Bezpečí v Litvínově"
