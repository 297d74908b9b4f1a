"""The questionnaire model, the QUESTION_TYPES table and show_if evaluation (no Flask).

A questionnaire is data: the loader builds it from YAML, the form, the API and the
exports read it. Everything a question type does differently lives in its
QUESTION_TYPES entry, so adding a type means adding one row, not editing if-chains:
how it parses a form and validates (types.py), which template macro renders it, which
raw columns it becomes, how it is summarised, how demo data is generated and how its
own config is checked. The table is read-only; tests/questionnaire/test_type_table.py
fails when a type lacks a part. Other rooms index it (QUESTION_TYPES[name].part),
never .get() with a default, so a new type cannot silently drop out.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable

from . import types as at
from ..vocabulary import CHILDREN, DEFAULT_LANG, UI_LANGUAGES

LANGS = UI_LANGUAGES  # the languages a questionnaire's texts are complete in
OPERATORS = ("equals", "any_of", "answered")


def text(value, lang: str) -> str:
    """The `lang` text of a localised text {cs: ..., en: ...}, else the Czech one, else ""."""
    if not isinstance(value, Mapping):
        return ""
    return value.get(lang) or value.get(DEFAULT_LANG) or ""


def is_answered(value) -> bool:
    """False for the empty answers of the contract: missing/None, "" and []."""
    return not (value is None or (isinstance(value, (str, list)) and len(value) == 0))


def _plain(value):
    """A JSON-serialisable copy: dataclasses with to_dict() become dicts, containers are copied."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@dataclass
class Option:
    """One choice: `value` is what gets stored, `label` a localised text, `icon` a pictogram
    name (static/icons/<icon>.svg). `extra` carries additional keys, e.g. a map
    category's `colour`."""
    value: object
    label: dict
    icon: str | None = None
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"value": self.value, "label": dict(self.label), "icon": self.icon, **_plain(self.extra)}


@dataclass
class Place:
    """A named area of the town; `polygon` is a list of [lat, lon] or None."""
    id: str
    label: dict
    polygon: list | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "label": dict(self.label), "polygon": _plain(self.polygon)}


@dataclass
class ShowIf:
    """Show a question only when `question` (an earlier one) satisfies `op` with `value`.

    op "equals": value is one value; "any_of": a list; "answered": a bool.
    """
    question: str
    op: str
    value: object = None

    def matches(self, answer) -> bool:
        """Whether a (visible) question's answer satisfies the condition."""
        if self.op == "answered":
            return is_answered(answer) == bool(self.value)
        if not is_answered(answer):
            return False
        wanted = [self.value] if self.op == "equals" else list(self.value or [])
        given = answer if isinstance(answer, list) else [answer]
        return any(_same(w, g) for w in wanted for g in given)

    def to_dict(self) -> dict:
        """The contract's shape: {"question": id, <op>: value}."""
        return {"question": self.question, self.op: _plain(self.value)}


def _same(a, b) -> bool:
    # True == 1 in Python; an answer `true` must not satisfy `equals: 1`.
    return isinstance(a, bool) == isinstance(b, bool) and a == b


@dataclass
class Question:
    """One question. `config` holds the type-specific keys (the map's categories,
    feelings, min_marks, max_marks, comment, bounds, center, zoom, basemap); `line` is
    where it starts in its YAML file."""
    id: str
    type: str
    label: dict
    help: dict | None = None
    required: bool = False
    options: list = field(default_factory=list)
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    multiple: bool = False
    show_if: ShowIf | None = None
    sensitive: bool = False
    config: dict = field(default_factory=dict)
    line: int = 0

    def to_dict(self, questionnaire=None) -> dict:
        """JSON-serialisable; with `questionnaire`, adds `choices` (all values a respondent
        can pick, built-in ones and places included) for choice-like types."""
        data = {
            "id": self.id, "type": self.type, "label": _plain(self.label), "help": _plain(self.help),
            "required": self.required, "sensitive": self.sensitive,
            "options": _plain(self.options), "min": self.min, "max": self.max,
            "max_length": self.max_length, "multiple": self.multiple,
            "show_if": _plain(self.show_if), "config": _plain(self.config),
        }
        qtype = QUESTION_TYPES.get(self.type)
        if questionnaire is not None and qtype is not None:
            choices = qtype.choice_options(self, questionnaire)
            if choices is not None:
                data["choices"] = _plain(choices)
        return data


@dataclass
class Page:
    id: str
    title: dict | None = None
    questions: list = field(default_factory=list)
    line: int = 0

    def to_dict(self, questionnaire=None) -> dict:
        return {"id": self.id, "title": _plain(self.title),
                "questions": [q.to_dict(questionnaire) for q in self.questions]}


@dataclass
class Questionnaire:
    """A whole questionnaire as loaded from `source_path`."""
    id: str
    version: int
    title: dict
    intro: dict | None = None
    audience: str = "adults"
    one_question_per_page: bool = False
    places: list = field(default_factory=list)
    end: dict = field(default_factory=dict)
    contact: dict | None = None
    pages: list = field(default_factory=list)
    source_path: str | None = None

    @property
    def questions(self) -> list:
        """All questions in file order, across pages."""
        return [q for page in self.pages for q in page.questions]

    def question(self, qid):
        """The question with id `qid`, or None."""
        # A scan, not a cached index: questionnaires are small and pages may be edited after
        # construction (the loader builds them step by step).
        for page in self.pages:
            for question in page.questions:
                if question.id == qid:
                    return question
        return None

    def place(self, pid):
        """The place with id `pid`, or None."""
        return next((p for p in self.places if p.id == pid), None)

    @property
    def is_children(self) -> bool:
        return self.audience == CHILDREN

    def to_dict(self) -> dict:
        """The full structure as JSON-serialisable data (for the API and the page's JS).
        show_if keeps the contract's shape; each question's type config is under `config`."""
        return {
            "id": self.id, "version": self.version, "title": _plain(self.title),
            "intro": _plain(self.intro), "audience": self.audience,
            "one_question_per_page": self.one_question_per_page,
            "places": _plain(self.places), "end": _plain(self.end), "contact": _plain(self.contact),
            "pages": [page.to_dict(self) for page in self.pages],
        }


# --- the parts of a question type ----------------------------------------------------
# The kinds a type's `raw_columns` may name: "value" one column of the stored value,
# "number" one numeric column, "onehot" one 0/1 column per option, "place" value or
# onehot by `multiple`, "mark_count" the number of marks, "text" free text (only in
# exports that may hold it).
RAW_COLUMN_KINDS = frozenset({"value", "number", "onehot", "place", "mark_count", "text"})
# The kinds a type's `summary` may name (analysis/breakdowns.py counts each).
SUMMARY_KINDS = frozenset({"single", "place", "multi", "numeric", "map"})

# Template macros of survey/_widgets.html a type may name as its `widget`.
WIDGETS = frozenset({"choice_cards", "choice_cards_multi", "place_list", "smiley", "scale",
                     "number", "text", "textarea", "map", "info"})


def column_names(qtype, question, value_options) -> list:
    """The raw column names of one question, in order; `value_options` are the Options
    its answers come from (model.QuestionType.value_options)."""
    kind = qtype.raw_columns
    if kind is None:
        return []
    if kind == "onehot" or (kind == "place" and qtype.is_multi(question)):
        return [f"{question.id}__{o.value}" for o in value_options]
    if kind == "mark_count":
        return [f"{question.id}__count"]
    return [question.id]


@dataclass(frozen=True, eq=False, kw_only=True)
class QuestionType:
    """What one question type accepts and how it reads its answer.

    The parts (each required, no default: a type without one cannot be built):
    form_parser: parse a form (types.parse_*); normaliser: validate (types.choice...);
    widget: the macro in survey/_widgets.html (one of WIDGETS); raw_columns: how it
    becomes raw columns (a RAW_COLUMN_KINDS kind, None only when it takes no answer);
    summary: how it is counted (a SUMMARY_KINDS kind, None: not summarised, e.g. free
    text); demo: generate(rng, question, questionnaire) or None when it takes no answer;
    config_check: check(checker, data, context) -> the question's `config`;
    free_text: True when answers are free text (never for the city or the public).

    options: "required" | "none" (whether the question lists `options`).
    allowed_keys: the type-specific keys beyond the common ones.
    answers: False for `info` (a screen of text, no answer).
    multi: whether the answer is always a list (see is_multi() for `place`).
    builtin_options: choices the type brings itself (yes_no, smiley).
    choices_from: where allowed values come from: "options", "builtin", "places" or None.
    bounds: what min/max mean: "number", "integer", "count" (of choices) or None.
    defaults: values the loader fills in for keys left out (e.g. max_length).
    conditions: show_if operators other questions may use on this one.
    """
    name: str
    options: str
    allowed_keys: frozenset
    normaliser: Callable
    form_parser: Callable
    widget: str
    raw_columns: str | None
    summary: str | None
    demo: Callable | None
    config_check: Callable
    free_text: bool
    answers: bool = True
    multi: bool = False
    builtin_options: tuple = ()
    choices_from: str | None = None
    bounds: str | None = None
    defaults: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    conditions: frozenset = frozenset(OPERATORS)

    def is_multi(self, question) -> bool:
        """Whether this question's answer is a list (place with `multiple: true` too)."""
        return self.multi or ("multiple" in self.allowed_keys and bool(question.multiple))

    def choice_options(self, question, questionnaire):
        """The Options a respondent picks from, or None for non-choice types."""
        source = _CHOICE_SOURCES.get(self.choices_from)
        return None if source is None else source(self, question, questionnaire)

    def choice_values(self, question, questionnaire):
        """The allowed answer values (yes_no: ["yes", "no"], smiley: [1..5], place: place
        ids, choice types: option values), or None for non-choice types."""
        options = self.choice_options(question, questionnaire)
        return None if options is None else [o.value for o in options]

    def normalise(self, question, value, questionnaire):
        """The stored form of `value`, or None when it is empty (not answered).
        Raises AnswerError(code, **params) for an invalid value."""
        return self.normaliser(self, question, value, questionnaire)

    def value_options(self, question, questionnaire) -> list:
        """The Options its answers come from: the map's categories, else the choices, else []."""
        if self.raw_columns == "mark_count":
            return list(question.config.get("categories") or [])
        return self.choice_options(question, questionnaire) or []

    def column_names(self, question, questionnaire) -> list:
        """The raw column names of `question`, in order ([] when it has none)."""
        return column_names(self, question, self.value_options(question, questionnaire))

    def parse_form(self, question, getlist):
        """The raw answer from HTML form data; `getlist(name)` returns the list of strings
        posted under `name` (the question id). Returns None when nothing was filled in."""
        return self.form_parser(self, question, getlist)


_CHOICE_SOURCES = {
    "options": lambda qtype, question, questionnaire: list(question.options),
    "builtin": lambda qtype, question, questionnaire: list(qtype.builtin_options),
    "places": lambda qtype, question, questionnaire: [Option(p.id, p.label) for p in questionnaire.places],
}


def _label(cs, en, uk):
    return {"cs": cs, "en": en, "uk": uk}


YES_NO_OPTIONS = (Option("yes", _label("Ano", "Yes", "Так"), "yes"), Option("no", _label("Ne", "No", "Ні"), "no"))
SMILEY_OPTIONS = tuple(
    Option(value, _label(cs, en, uk), f"smiley-{value}")
    for value, cs, en, uk in [(1, "Velmi špatně", "Very bad", "Дуже погано"), (2, "Špatně", "Bad", "Погано"),
                              (3, "Tak napůl", "So-so", "Так собі"), (4, "Dobře", "Good", "Добре"),
                              (5, "Velmi dobře", "Very good", "Дуже добре")]
)
MAP_KEYS = frozenset({"categories", "feelings", "min_marks", "max_marks", "comment",
                      "bounds", "center", "zoom", "basemap"})


def _type(name, options, keys, normaliser, parser, **parts):
    return name, QuestionType(name=name, options=options, allowed_keys=frozenset(keys),
                              normaliser=normaliser, form_parser=parser, **parts)


_NO_ANSWER = {"raw_columns": None, "summary": None, "demo": None, "free_text": False}
_PLAIN = {"config_check": at.no_config, "free_text": False}

# Read-only: a type is added here, in one row, and nowhere else.
QUESTION_TYPES: Mapping[str, QuestionType] = MappingProxyType(dict([
    _type("single_choice", "required", {"options"}, at.choice, at.parse_single, choices_from="options",
          widget="choice_cards", raw_columns="value", summary="single", demo=at.demo_option, **_PLAIN),
    _type("multi_choice", "required", {"options", "min", "max"}, at.choice, at.parse_list,
          multi=True, choices_from="options", bounds="count", widget="choice_cards_multi",
          raw_columns="onehot", summary="multi", demo=at.demo_options, **_PLAIN),
    _type("yes_no", "none", (), at.choice, at.parse_single, builtin_options=YES_NO_OPTIONS,
          choices_from="builtin", widget="choice_cards", raw_columns="value", summary="single",
          demo=at.demo_yes_no, **_PLAIN),
    _type("smiley", "none", (), at.choice, at.parse_integer, builtin_options=SMILEY_OPTIONS,
          choices_from="builtin", widget="smiley", raw_columns="number", summary="numeric",
          demo=at.demo_smiley, **_PLAIN),
    _type("scale", "none", {"min", "max"}, at.integer, at.parse_integer, bounds="integer",
          defaults=MappingProxyType({"min": 1, "max": 5}), widget="scale", raw_columns="number",
          summary="numeric", demo=at.demo_scale, **_PLAIN),
    _type("number", "none", {"min", "max"}, at.number, at.parse_number, bounds="number",
          widget="number", raw_columns="number", summary="numeric", demo=at.demo_number, **_PLAIN),
    _type("text", "none", {"max_length"}, at.free_text, at.parse_text,
          defaults=MappingProxyType({"max_length": 200}), widget="text", raw_columns="text",
          summary=None, demo=at.demo_text, config_check=at.no_config, free_text=True),
    _type("textarea", "none", {"max_length"}, at.free_text, at.parse_text,
          defaults=MappingProxyType({"max_length": 2000}), widget="textarea", raw_columns="text",
          summary=None, demo=at.demo_textarea, config_check=at.no_config, free_text=True),
    _type("age_band", "required", {"options"}, at.choice, at.parse_single, choices_from="options",
          widget="choice_cards", raw_columns="value", summary="single", demo=at.demo_option, **_PLAIN),
    _type("place", "none", {"multiple", "min", "max"}, at.choice, at.parse_place,
          choices_from="places", bounds="count", widget="place_list", raw_columns="place",
          summary="place", demo=at.demo_place, **_PLAIN),
    _type("info", "none", (), at.no_answer, at.parse_nothing, answers=False, conditions=frozenset(),
          widget="info", config_check=at.no_config, **_NO_ANSWER),
    _type("map", "none", MAP_KEYS, at.map_marks, at.parse_map, multi=True,
          conditions=frozenset({"answered"}), widget="map", raw_columns="mark_count", summary="map",
          demo=at.demo_map, config_check=at.map_config, free_text=False),
]))


def is_visible(question, answers: dict, questionnaire) -> bool:
    """Whether `question` is shown, given `answers` {question id: answer}.

    A condition on a hidden question is false, except `answered: false`, which is then
    true (a hidden question has no answer). Conditions chain: a question whose condition
    refers to a hidden question is hidden.
    """
    return _visible(question, answers, questionnaire, frozenset())


def _visible(question, answers, questionnaire, seen) -> bool:
    condition = question.show_if
    if condition is None:
        return True
    ref = questionnaire.question(condition.question)
    # `seen` guards against cycles in hand-built questionnaires (the loader refuses them).
    ref_shown = (ref is not None and ref.id not in seen and ref.id != question.id
                 and _visible(ref, answers, questionnaire, seen | {question.id}))
    if not ref_shown:
        return condition.op == "answered" and condition.value is False
    return condition.matches(answers.get(ref.id) if isinstance(answers, dict) else None)


def visible_questions(questionnaire, answers) -> list:
    """The questions shown for `answers`, in order (info screens included)."""
    return [q for q in questionnaire.questions if is_visible(q, answers, questionnaire)]
