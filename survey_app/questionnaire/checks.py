"""Reusable checks for the questionnaire loader: keys, texts, ids, option values, icons.

A Checker collects (line, message) problems instead of raising, so that one run of
the loader reports every mistake in a file. Messages say what is wrong and, where a
likely fix exists, suggest it ("did you mean 'label'?", "quote it").
"""
import difflib
import math
import os
import re
from pathlib import Path

from .model import Option
from .yaml_lines import LineDict, LineList

ICONS_DIR = Path(__file__).resolve().parents[1] / "static" / "icons"
ICONS_DISPLAY = "survey_app/static/icons"
VALUE_RE = re.compile(r"[a-z0-9_-]+")
LANG_RE = re.compile(r"[a-z]{2,3}")


def display_path(path) -> str:
    """`path` relative to the working directory when it lies under it, else as given."""
    try:
        cwd = Path.cwd()
    except OSError:
        return str(path)
    # First without resolving symlinks (a linked questionnaires/ still shows as such).
    for candidate, base in ((Path(os.path.abspath(path)), cwd), (Path(path).resolve(), cwd.resolve())):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path)


def describe(value) -> str:
    """How a found value is named in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def suggest(word, candidates) -> str:
    """' (did you mean 'x'?)' for a close match among `candidates`, else ''."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, sorted(c for c in candidates if isinstance(c, str)), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def is_number(value) -> bool:
    """A finite YAML number (bools are not numbers)."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and (isinstance(value, int) or math.isfinite(value)))


class Checker:
    """Collects problems as (line, message)."""

    def __init__(self):
        self.problems = []

    def error(self, line: int, message: str):
        self.problems.append((line, message))

    def mapping(self, value, line: int, what: str) -> bool:
        """True if `value` is a mapping; else reports '<what> must be a mapping'."""
        if isinstance(value, LineDict):
            return True
        self.error(line, f"{what} must be a mapping (found {describe(value)})")
        return False

    def sequence(self, data: LineDict, key: str, *, non_empty=False):
        """data[key] as a LineList, or None (reported) when it is not a list."""
        value = data.get(key)
        if isinstance(value, LineList) and (value or not non_empty):
            return value
        found = "an empty list" if isinstance(value, list) else describe(value)
        self.error(data.value_line(key), f"'{key}' must be a {'non-empty ' if non_empty else ''}list"
                                         f" (found {found})")
        return None

    def keys(self, data: LineDict, allowed, what: str, required=()):
        """Reports keys not in `allowed` (with a suggestion) and missing `required` keys."""
        for key in data:
            if key not in allowed:
                shown = f"'{key}'" if isinstance(key, str) else describe(key)
                self.error(data.key_line(key), f"unknown {what} key {shown}{suggest(key, allowed)}")
        self.require(data, required, what)

    def require(self, data: LineDict, required, what: str):
        for key in required:
            if key not in data:
                self.error(data.line, f"missing required {what} key '{key}'")

    def localised(self, data: LineDict, key: str, *, required=False, what="") -> dict | None:
        """A localised text {cs: ..., en: ...} as a plain dict with stripped texts, or None."""
        if key not in data:
            if required:
                self.error(data.line, f"missing required {what} key '{key}'")
            return None
        value, line = data[key], data.value_line(key)
        if not isinstance(value, LineDict):
            found = "plain text" if isinstance(value, str) else describe(value)
            self.error(line, f"'{key}' must be a localised text like {{cs: ..., en: ...}} (found {found})")
            return None
        result = {}
        for lang, text in value.items():
            if lang == "cz":
                self.error(value.key_line(lang), f"language code 'cz' in '{key}' should be 'cs' (Czech)")
                continue
            if not isinstance(lang, str) or not LANG_RE.fullmatch(lang):
                self.error(value.key_line(lang),
                           f"{describe(lang)} in '{key}' is not a language code like cs, en or uk")
                continue
            if isinstance(text, str) and text.strip():
                result[lang] = text.strip()
            elif isinstance(text, (bool, int, float)) and value.raw.get(lang):
                self.error(value.value_line(lang),
                           f"'{key}' {lang} text {value.raw[lang]} is not text; quote it: \"{value.raw[lang]}\"")
            else:
                self.error(value.value_line(lang), f"'{key}' {lang} text must be non-empty text"
                                                   f" (found {describe(text)})")
        if "cs" not in value and "cz" not in value:
            self.error(line, f"'{key}' has no Czech text (add 'cs: ...')")
        return result if "cs" in result else None

    def boolean(self, data: LineDict, key: str, default=False) -> bool:
        if key not in data:
            return default
        value = data[key]
        if isinstance(value, bool):
            return value
        self.error(data.value_line(key), f"'{key}' must be true or false (found {describe(value)})")
        return default

    def ident(self, data: LineDict, key: str, pattern: re.Pattern, what: str, allowed: str):
        """A required id matching `pattern`, or None (reported)."""
        if key not in data:
            return None  # reported by keys(required=...)
        value = data[key]
        if isinstance(value, str) and pattern.fullmatch(value):
            return value
        self.error(data.value_line(key), f"{what} {describe(value)} may contain only {allowed}")
        return None

    def unique(self, seen: dict, value, line: int, what: str) -> bool:
        """Records `value` in `seen` (value -> line); reports a duplicate."""
        if value is None:
            return False
        if value in seen:
            self.error(line, f"duplicate {what} '{value}' (first on line {seen[value]})")
            return False
        seen[value] = line
        return True

    def option_value(self, data: LineDict, key="value", what="option value"):
        """A choice value: text of [a-z0-9_-]; YAML numbers and booleans get 'quote it'."""
        if key not in data:
            return None
        value, line, raw = data[key], data.value_line(key), data.raw.get(key)
        if isinstance(value, bool):
            shown = raw or describe(value)
            self.error(line, f"{what} {shown} is read as a boolean ({describe(value)}); quote it:"
                             f" {key}: \"{shown}\"")
        elif isinstance(value, (int, float)):
            shown = raw or describe(value)
            self.error(line, f"{what} {shown} is a number; quote it: {key}: \"{shown}\"")
        elif isinstance(value, str) and VALUE_RE.fullmatch(value):
            return value
        else:
            self.error(line, f"{what} {describe(value)} may contain only lowercase letters,"
                             f" digits, '_' and '-'")
        return None

    def icon(self, data: LineDict, icons_dir: Path):
        """The icon name when static/icons/<icon>.svg exists, else None (reported)."""
        if data.get("icon") is None:
            return None
        value, line = data["icon"], data.value_line("icon")
        if not isinstance(value, str) or not VALUE_RE.fullmatch(value):
            self.error(line, f"icon {describe(value)} must be a file name without '.svg'"
                             f" (lowercase letters, digits, '_' and '-')")
            return None
        if not (icons_dir / f"{value}.svg").is_file():
            existing = [p.stem for p in icons_dir.glob("*.svg")] if icons_dir.is_dir() else []
            self.error(line, f"icon '{value}' not found: there is no {ICONS_DISPLAY}/{value}.svg"
                             f"{suggest(value, existing)}")
            return None
        return value

    def options(self, items: LineList, icons_dir: Path, what="option", extra=()) -> list:
        """A list of {value, label, icon?} (plus `extra` keys) as Options; duplicates reported."""
        result, seen = [], {}
        for index, item in enumerate(items):
            if not self.mapping(item, items.item_line(index), what):
                continue
            self.keys(item, {"value", "label", "icon", *extra}, what, required=("value", "label"))
            value = self.option_value(item, what=f"{what} value")
            label = self.localised(item, "label", what=what)
            icon = self.icon(item, icons_dir)
            if self.unique(seen, value, item.value_line("value"), f"{what} value") and label:
                result.append(Option(value, label, icon))
        return result


# ---- Czech for the loader's messages (issue 14, item 8) ------------------------------------------
# The messages are built in English (the source text, as in `questionnaires check`); the
# upload page shows them in the admin's language through `localise`. A message that
# matches no template stays English. Keys, values and file names are never translated.

CS_TEMPLATES = [
    ("invalid YAML: {rest}", "neplatný YAML: {rest}"),
    ("YAML anchors and aliases ({ref}) are not allowed: write the text out where it is used",
     "kotvy a aliasy YAML ({ref}) nejsou povoleny: napište text celý tam, kde se používá"),
    ("the text contains the character U+{code}, which cannot be stored: remove it",
     "text obsahuje znak U+{code}, který nelze uložit: odstraňte ho"),
    ("the questionnaire is too large: {size} bytes as JSON (at most {limit})",
     "dotazník je příliš velký: {size} bajtů jako JSON (nejvýše {limit})"),
    ("the file is not UTF-8 text", "soubor není text v kódování UTF-8"),
    ("cannot read the file: {reason}", "soubor nelze přečíst: {reason}"),
    ("the file is empty; a questionnaire is a mapping with id, version, title, ...",
     "soubor je prázdný; dotazník je mapování s klíči id, version, title, ..."),
    ("a questionnaire must be a mapping with keys like id, version, title",
     "dotazník musí být mapování s klíči jako id, version, title"),
    ("questionnaire files must end in .yaml (rename to {name})",
     "soubory dotazníků musí končit na .yaml (přejmenujte na {name})"),
    ("duplicate key '{key}' (first on line {line})", "klíč '{key}' je uveden dvakrát (poprvé na řádku {line})"),
    ("a key must be plain text", "klíč musí být prostý text"),
    ("unknown question type {found}", "neznámý typ otázky {found}"),
    ("unknown question key {key}", "neznámý klíč otázky {key}"),
    ("unknown {what} key {key}", "neznámý klíč {key} ({what})"),
    ("missing required {what} key '{key}'", "chybí povinný klíč '{key}' ({what})"),
    ("{what} must be a mapping", "{what}: musí být mapování"),
    ("'{key}' must be a non-empty list", "'{key}' musí být neprázdný seznam"),
    ("'{key}' must be a list", "'{key}' musí být seznam"),
    ("'{key}' must be a localised text like {{cs: ..., en: ...}}", "'{key}' musí být text v jazycích, např. {{cs: ..., en: ...}}"),
    ("'{key}' has no Czech text (add 'cs: ...')", "'{key}' nemá český text (doplňte 'cs: ...')"),
    ("'{key}' {lang} text must be non-empty text", "'{key}': text {lang} nesmí být prázdný"),
    ("'{key}' must be true or false", "'{key}' musí být true nebo false"),
    ("duplicate {what} '{value}' (first on line {line})", "{what} '{value}' je uvedeno dvakrát (poprvé na řádku {line})"),
    ("id '{qid}' must equal the file name (expected '{expected}')",
     "id '{qid}' se musí shodovat s názvem souboru (očekáváno '{expected}')"),
    ("version must be a whole number from 1 up", "version musí být celé číslo od 1"),
    ("audience must be children or adults", "audience musí být children nebo adults"),
    ("the end text ({lang}) of a children's questionnaire must mention Linka bezpečí 116 111",
     "závěrečný text ({lang}) dětského dotazníku musí uvádět Linku bezpečí 116 111"),
    ("type '{type}' needs 'options' (a list of {{value, label}})", "typ '{type}' potřebuje 'options' (seznam {{value, label}})"),
    ("type '{type}' needs the top-level 'places' list", "typ '{type}' potřebuje seznam 'places' na nejvyšší úrovni"),
    ("'{key}' is not allowed for type '{type}' (it takes no answer)",
     "'{key}' není u typu '{type}' povolen (nemá odpověď)"),
    ("'{key}' is not allowed for type '{type}' (only for {types})", "'{key}' není u typu '{type}' povolen (jen u {types})"),
    ("icon '{icon}' not found: there is no {path}", "ikona '{icon}' nenalezena: soubor {path} neexistuje"),
    ("tiles url must be a plain https:// address (host, optional port, path) that contains {{z}}, {{x}} and {{y}},"
     " like {example}",
     "url dlaždic musí být prostá adresa https:// (server, případně port, cesta) obsahující {{z}}, {{x}} a {{y}},"
     " např. {example}"),
    ("attribution must be non-empty text", "attribution musí být neprázdný text"),
    ("show_if refers to unknown question {found}", "show_if odkazuje na neznámou otázku {found}"),
    ("show_if cannot refer to the question itself", "show_if nemůže odkazovat na tutéž otázku"),
    ("show_if must refer to an earlier question; '{ref}' comes later (line {line})",
     "show_if musí odkazovat na dřívější otázku; '{ref}' je až později (řádek {line})"),
]
FOUND_CS = {"nothing": "nic", "a mapping": "mapování", "a list": "seznam", "an empty list": "prázdný seznam"}
WHAT_CS = {"a question": "otázka", "a page": "stránka", "a place": "místo", "an option": "možnost",
           "question": "otázka", "page": "stránka", "place": "místo", "option": "možnost",
           "top-level": "nejvyšší úroveň", "map": "mapa", "category": "kategorie", "id": "id",
           "question id": "id otázky", "page id": "id stránky", "place id": "id místa",
           "option value": "hodnota možnosti", "tiles basemap": "podklad tiles", "image basemap": "podklad image"}
_FOUND_RE = re.compile(r" \(found (?P<found>[^()]*|'.*')\)(?P<rest>(?: \(did you mean '[^']*'\?\))?)$")
_MEAN_RE = re.compile(r" \(did you mean '(?P<word>[^']*)'\?\)$")


def _template_re(template: str):
    parts = re.split(r"(\{\w+\})", template.replace("{{", "\0").replace("}}", "\1"))
    pattern = "".join(f"(?P<{p[1:-1]}>.+?)" if re.fullmatch(r"\{\w+\}", p)
                      else re.escape(p.replace("\0", "{").replace("\1", "}")) for p in parts)
    return re.compile(pattern + r"\Z", re.S)


_CS_COMPILED = [(_template_re(english), czech) for english, czech in CS_TEMPLATES]


def localise(message: str, lang: str) -> str:
    """`message` (a loader message in English) in `lang`: Czech for "cs" where a
    template matches, else the English text unchanged."""
    if lang != "cs":
        return message
    tail = ""
    mean = _MEAN_RE.search(message)
    if mean:
        message, tail = message[:mean.start()], f" (myslíte '{mean.group('word')}'?)"
    found = _FOUND_RE.search(message)
    if found:
        message = message[:found.start()]
        tail = f" (nalezeno: {FOUND_CS.get(found.group('found'), found.group('found'))})" + tail
    for pattern, czech in _CS_COMPILED:
        match = pattern.match(message)
        if match:
            values = {k: WHAT_CS.get(v, v) if k == "what" else v for k, v in match.groupdict().items()}
            return czech.replace("{{", "\0").replace("}}", "\1").format(**values) \
                .replace("\0", "{").replace("\1", "}") + tail
    return message + (tail if lang != "cs" or not (mean or found) else _english_tail(mean, found))


def _english_tail(mean, found) -> str:
    # No Czech template: keep the whole message English rather than half-translated.
    tail = f" (found {found.group('found')})" if found else ""
    return tail + (f" (did you mean '{mean.group('word')}'?)" if mean else "")
