#!/usr/bin/env python3
"""Refresh the UI catalogs after changing strings (developer tool).

    .venv/bin/python scripts/translate.py [--add cs_strings.py ...] [--uk uk_strings.py ...]

Extracts every _() string into messages.pot, updates the cs, uk and en catalogs (English
is the source language, so en msgstr = msgid), adds Czech translations from the given
files (a Python dict literal {english: czech}), and lists strings still without Czech.
Ukrainian comes from every scripts/uk/*.py dict file (plus --uk files): {english:
ukrainian}, a plural as {(singular, plural): (one, few, many)}. Only respondents' pages
must be complete in Ukrainian (tests/audio/test_uk_catalog.py); the rest falls back to English.
Serialised with a file lock so that two people running it at once do not lose work.
"""
import argparse
import ast
import fcntl
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "survey_app" / "web" / "translations"


UK_DIR = ROOT / "scripts" / "uk"


def _translation_for(message, additions, context_fallback=False):
    """The translation of a catalog message in `additions` (str or plural tuple), or None.
    A pgettext entry is keyed (context, msgid); with `context_fallback` the plain msgid
    serves when its context has no entry of its own."""
    if isinstance(message.id, str):
        if message.context:
            found = additions.get((message.context, message.id))
            return found if found is not None or not context_fallback else additions.get(message.id)
        return additions.get(message.id)
    found = additions.get(tuple(message.id)) or additions.get(message.id[0])
    return tuple(found) if isinstance(found, (tuple, list)) else None


def update(additions, uk_additions=None):
    pot_path = TRANSLATIONS / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-o", str(pot_path), "--no-location", "--sort-output", "--no-wrap", "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot_path.open("rb") as f:
        template = read_po(f)
    missing = []
    uk_additions = uk_additions or {}
    for lang in ("cs", "uk", "en"):
        po_path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
        po_path.parent.mkdir(parents=True, exist_ok=True)
        if po_path.exists():
            with po_path.open("rb") as f:
                catalog = read_po(f, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="survey_app")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        for message in catalog:
            if not message.id:
                continue
            if lang == "en":
                message.string = message.id
            elif lang == "uk" and _translation_for(message, uk_additions, True) is not None:
                message.string = _translation_for(message, uk_additions, True)
            elif lang == "cs" and isinstance(message.id, str) and _translation_for(message, additions) is not None:
                message.string = _translation_for(message, additions)
            if lang == "cs" and not (message.string if isinstance(message.string, str) else all(message.string)):
                missing.append(message.id)
            message.flags.discard("fuzzy")
        with po_path.open("wb") as f:
            write_po(f, catalog, no_location=True, sort_output=True, width=0)
    return missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--add", action="append", default=[], type=Path)
    parser.add_argument("--uk", action="append", default=[], type=Path)
    args = parser.parse_args()
    additions, uk_additions = {}, {}
    for path in [*sorted((ROOT / "scripts" / "cs").glob("*.py")), *args.add]:
        additions.update(ast.literal_eval(path.read_text(encoding="utf-8")))
    for path in [*sorted(UK_DIR.glob("*.py")), *args.uk]:
        uk_additions.update(ast.literal_eval(path.read_text(encoding="utf-8")))
    with (TRANSLATIONS / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        missing = update(additions, uk_additions)
    for message_id in missing:
        print(f"no Czech translation: {message_id!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
