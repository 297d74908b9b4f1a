"""Text is cleaned at the door: characters that no export can hold are refused with 422.

Lone surrogates (e.g. JSON "\\ud800") cannot be encoded as UTF-8, and XML (so XLSX)
cannot hold U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, U+FFFE and U+FFFF. Such a
character in a stored answer or note would break every later export or page, so it is
refused where text enters: query strings and HTML forms in one before_request hook,
JSON bodies through `check_json` (the API parses its own body), questionnaire files in
the loader. The 422 names the field and the character.
"""
import re

from flask import request
from flask_babel import gettext as _

from ..questionnaire.yaml_lines import BAD_TEXT_RE  # the one definition (no Flask there)
from .errors import ApiError

# In raw JSON text a refused character can only be an escape of one (json.loads refuses
# raw control characters; a raw surrogate is not UTF-8) or the UTF-8 of U+FFFE/U+FFFF.
# Bodies without any (nearly all: Czech text escaped as \\u00e1 or sent as UTF-8 does
# not match) skip the walk, which cost a tenth of a submit's CPU.
MAYBE_BAD_JSON_RE = re.compile(rb"\\u00(?:0[0-8bcef]|1[0-9a-f])|\\ud[89a-f]|\\ufff[ef]|\\[bf]"
                               rb"|\xef\xbf[\xbe\xbf]", re.I)
FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class InvalidText(ApiError):
    """A text holds a character that cannot be stored; `field` names where."""

    def __init__(self, field: str, char: str):
        message = _("The field '%(field)s' contains a character that cannot be stored (U+%(code)s).",
                    field=field, code=f"{ord(char):04X}")
        super().__init__(422, "invalid_text", message, errors={field: message})
        self.field = field


def bad_char(text: str):
    """The first refused character of `text`, or None."""
    match = BAD_TEXT_RE.search(text)
    return match.group() if match else None


def check_text(field: str, text) -> None:
    """Raise InvalidText when `text` (a str; anything else passes) holds a refused character."""
    if isinstance(text, str):
        char = bad_char(text)
        if char is not None:
            raise InvalidText(_shown(field), char)


def check_json_body(raw: bytes, value) -> None:
    """check_json(value) unless the raw body cannot hold a refused character."""
    if MAYBE_BAD_JSON_RE.search(raw):
        check_json(value)


def check_json(value, field: str = "") -> None:
    """Walk a parsed JSON value; InvalidText for the first refused key or string, named by
    its path (e.g. answers.kde[0].comment)."""
    if isinstance(value, str):
        check_text(field or "body", value)
    elif isinstance(value, dict):
        for key, item in value.items():
            path = f"{field}.{key}" if field else str(key)
            check_text(path, key)
            check_json(item, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_json(item, f"{field}[{index}]")


def _shown(field: str) -> str:
    # The field name itself may hold the bad character: show it escaped, never raw.
    return BAD_TEXT_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", field)[:200]


def guard_request():
    """before_request: query string and form fields (names, values, file names)."""
    for key, value in request.args.items(multi=True):
        check_text(key, key)
        check_text(key, value)
    if request.mimetype in FORM_MIMETYPES and request.method in ("POST", "PUT", "PATCH"):
        for key, value in request.form.items(multi=True):
            check_text(key, key)
            check_text(key, value)
        for key, upload in request.files.items(multi=True):
            check_text(key, upload.filename)


def init_app(app):
    app.before_request(guard_request)
