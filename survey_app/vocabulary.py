"""The words every room shares (no Flask): languages, the two kinds of audience, group
labels of the summaries, channel kinds, id patterns, `N_` and the message catalogues.

One name, one meaning: who *answers* a questionnaire (RESPONDENT_AUDIENCES, the
`audience:` key of a questionnaire file) is not who *reads* the results
(VIEWER_AUDIENCES, the audience of an export or summary).
"""
import re
import string
from types import MappingProxyType

# --- languages ---------------------------------------------------------------------------
DEFAULT_LANG = "cs"
# Languages of the families at the community centre, Czech first: questionnaire texts
# may carry any of them ({cs: ..., uk: ..., en: ...}); Czech is the fallback.
LANGUAGES = ("cs", "uk", "en")
LANGUAGE_NAMES = MappingProxyType({"cs": "Čeština", "uk": "Українська", "en": "English"})
# Languages the web interface has a complete catalog for (web/translations/).
UI_LANGUAGES = ("cs", "en")

# --- audiences ---------------------------------------------------------------------------
# Who answers: the `audience:` of a questionnaire file.
CHILDREN, ADULTS = "children", "adults"
RESPONDENT_AUDIENCES = (CHILDREN, ADULTS)
# Who reads the results: the audience of an export or a summary. The city never sees
# free text or small groups; facilitators see their own fieldwork in full.
CITY, FACILITATOR = "city", "facilitator"
VIEWER_AUDIENCES = (CITY, FACILITATOR)

# --- group labels of summaries and exports (stored and exported in Czech) ----------------
ALL = "all"
NO_WAVE = "bez vlny"      # responses collected outside any campaign wave
OTHER = "ostatní"         # small groups merged so that nobody can be singled out
UNKNOWN = "neuvedeno"     # the respondent did not say
GROUP_LABELS = MappingProxyType({
    OTHER: MappingProxyType({"cs": "ostatní", "en": "other"}),
    UNKNOWN: MappingProxyType({"cs": "neuvedeno", "en": "not stated"}),
})

# --- channels ----------------------------------------------------------------------------
# What a response stores as `channel`; fieldwork/campaigns.py describes each kind.
POSTER, TABLET, FOCUS_GROUP, LINK = "poster", "tablet", "focus_group", "link"
CHANNEL_KINDS = (POSTER, TABLET, FOCUS_GROUP, LINK)

# --- id patterns (use with fullmatch) ----------------------------------------------------
# A questionnaire id is its file name (<id>.yaml) and its journal (<id>.jsonl): the
# loader enforces it, so every id the app can hold matches; at most 100 characters
# keeps every derived file name far below the file system's 255.
QUESTIONNAIRE_ID_RE = re.compile(r"[a-z0-9-]+")
MAX_QUESTIONNAIRE_ID = 100
# What storage accepts as the id in a journal's or an upload's file name: wider than
# QUESTIONNAIRE_ID_RE (it only has to be a safe file name), so a restore or a read never
# refuses what an older version wrote.
STORED_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,100}")
QUESTION_ID_RE = re.compile(r"[a-z0-9_]+")
WAVE_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HEX_ID_RE = re.compile(r"[0-9a-f]{32}")  # uuid4().hex: photos, notes


def is_questionnaire_id(value) -> bool:
    """True for a string the loader would accept as a questionnaire id, at most 100 long."""
    return (isinstance(value, str) and len(value) <= MAX_QUESTIONNAIRE_ID
            and QUESTIONNAIRE_ID_RE.fullmatch(value) is not None)


def N_(message):
    """Marks a string for extraction (babel.cfg); it is translated where it is shown."""
    return message


# --- message catalogues ------------------------------------------------------------------

class _Formatter(string.Formatter):
    """str.format with Czech decimal commas and "{name}" left in place when a
    parameter is missing (an error page must never crash on its own message)."""

    def __init__(self, lang):
        super().__init__()
        self.lang = lang

    def get_value(self, key, args, kwargs):
        return kwargs[key] if key in kwargs else "{" + str(key) + "}"

    def format_field(self, value, format_spec):
        if isinstance(value, float) and not format_spec:
            text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        else:
            try:
                text = format(value, format_spec)
            except (TypeError, ValueError):
                text = str(value)
        if self.lang == "cs" and isinstance(value, float):
            text = text.replace(".", ",")
        return text


class Catalogue:
    """Messages by code, each {lang: template}; read-only once made.

    `message(code, lang, **params)` fills a template in `lang`, falling back to Czech;
    an unknown code raises KeyError (a programming error, caught by the tests)."""

    def __init__(self, messages: dict, default_lang: str = DEFAULT_LANG):
        self.messages = MappingProxyType({code: MappingProxyType(dict(texts))
                                          for code, texts in messages.items()})
        self.default_lang = default_lang

    def message(self, code: str, lang: str = DEFAULT_LANG, **params) -> str:
        texts = self.messages[code]
        template = texts.get(lang) or texts[self.default_lang]
        return _Formatter(lang).vformat(template, (), params)

    def __contains__(self, code):
        return code in self.messages

    def bind(self):
        """The module-level `message(code, lang=DEFAULT_LANG, **params)` of a catalogue
        module (one wrapper, not one per module)."""
        def message(code: str, lang: str = self.default_lang, **params) -> str:
            """The message for `code` in `lang` (falling back to Czech) with `params` filled
            in. Decimal numbers get a decimal comma in Czech. An unknown code raises KeyError."""
            return self.message(code, lang, **params)
        return message


class CodedError(Exception):
    """An error carrying a `code` of its class's `catalogue` and the message's `params`;
    `message(lang)` is what a person reads, str() what a log shows (describe())."""

    catalogue: Catalogue  # each subclass names its own

    def __init__(self, code: str, /, **params):
        self.code, self.params = code, params
        super().__init__(self.describe())

    def describe(self) -> str:
        """The text of str(): the code (subclasses may say more)."""
        return self.code

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return self.catalogue.message(self.code, lang, **self.params)

    def __repr__(self):
        return f"{type(self).__name__}({self.code!r}, **{self.params!r})"
