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
