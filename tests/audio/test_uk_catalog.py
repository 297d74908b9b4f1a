"""Ukrainian is complete on respondents' pages (survey, kiosk, thank-you, error pages)."""
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "survey_app" / "web" / "templates"
# What a respondent can see: the layout, the survey and kiosk screens, the error pages,
# the read-aloud buttons, and the error texts of web/errors.py.
RESPONDENT_FILES = ([(TEMPLATES / "base.html", "jinja2")]
                    + [(p, "jinja2") for folder in ("survey", "kiosk", "errors")
                       for p in sorted((TEMPLATES / folder).glob("*.html"))]
                    + [(p, "python") for p in sorted((ROOT / "survey_app" / "web" / "survey").glob("*.py"))]
                    + [(ROOT / "survey_app" / "web" / "errors.py", "python")])


def _catalog(lang):
    with (ROOT / "survey_app/web/translations" / lang / "LC_MESSAGES/messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def respondent_messages() -> set:
    found = set()
    for path, method in RESPONDENT_FILES:
        for _line, message, _comments, context in extract_from_file(method, str(path)):
            found.add((message[0] if isinstance(message, tuple) else message, context))
    return found


def test_uk_catalog__respondents_pages__every_string_translated():
    catalog = _catalog("uk")
    messages = respondent_messages()
    assert len(messages) > 50, "nothing extracted: the extraction itself is broken"
    missing = sorted((m for m, ctx in messages if not (catalog.get(m, context=ctx) and catalog.get(m, context=ctx).string)),
                     key=str)
    assert missing == [], "add these to scripts/uk/ui.py and run scripts/translate.py"


def test_uk_catalog__help_line_and_read_aloud__ukrainian_text():
    catalog = _catalog("uk")
    assert catalog.get("Linka bezpečí").string == "Linka bezpečí – телефон довіри для дітей"
    assert catalog.get("Read it to me", context="children").string == "Прочитай мені"
    assert catalog.get("Start").string == "Почати"


def test_uk_catalog__no_czech_left__differs_from_czech():
    uk, cs = _catalog("uk"), _catalog("cs")
    same = sorted(m for m, ctx in respondent_messages()
                  if uk.get(m, context=ctx) and cs.get(m, context=ctx)
                  and uk.get(m, context=ctx).string == cs.get(m, context=ctx).string)
    assert same == []
