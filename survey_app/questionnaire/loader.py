"""YAML questionnaire files -> Questionnaire, with line-numbered validation (no Flask).

Every problem in a file is reported at once as `path:line: message`, with a likely fix
where there is one ("did you mean 'single_choice'?", "quote it"). The format itself is
described in docs/questionnaire-format.md; this module is its executable form.
"""
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from . import map_config
from ..vocabulary import QUESTION_ID_RE, QUESTIONNAIRE_ID_RE, RESPONDENT_AUDIENCES
from .checks import ICONS_DIR, VALUE_RE, Checker, describe, display_path, localise, suggest
from .model import QUESTION_TYPES, Page, Place, Question, Questionnaire
from .show_if_checks import check_show_if
from .yaml_lines import LineDict, YamlSyntaxError, parse

log = logging.getLogger(__name__)

TOP_KEYS = {"id", "version", "title", "intro", "audience", "one_question_per_page", "places",
            "end", "contact", "pages"}
TOP_REQUIRED = ("id", "version", "title", "audience", "end", "pages")
PAGE_KEYS = {"id", "title", "questions"}
COMMON_KEYS = {"id", "type", "label", "help", "show_if"}
ANSWER_KEYS = {"required", "sensitive"}  # only for types that take an answer
ALL_QUESTION_KEYS = COMMON_KEYS | ANSWER_KEYS | {k for t in QUESTION_TYPES.values() for k in t.allowed_keys}
CHILD_HELPLINE_RE = re.compile(r"116\s*111")
# What the API serves and the pages render is bounded by this (the shipped
# questionnaires are about 20 KB as JSON); anchors and aliases are refused by yaml_lines.
MAX_JSON_BYTES = 2_000_000


@dataclass
class LoadError:
    """One problem in a questionnaire file; str() is `path:line: message`."""
    path: str
    line: int
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"

    def text(self, lang: str) -> str:
        """`path:line: message` in `lang` (Czech for "cs", else English)."""
        return f"{self.path}:{self.line}: {localise(self.message, lang)}"


class QuestionnaireError(Exception):
    """A questionnaire file is broken; `errors` lists every problem (LoadError)."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self):
        return "\n".join(str(e) for e in self.errors)


def load_questionnaire(path) -> Questionnaire:
    """Load and check one file; its id must equal the file name, images live in
    <its folder>/maps. Raises QuestionnaireError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise QuestionnaireError([LoadError(display_path(path), line, "the file is not UTF-8 text")]) from None
    except OSError as exc:
        raise QuestionnaireError([LoadError(display_path(path), 1, f"cannot read the file: {exc.strerror}")]) from None
    return load_text(text, str(path), expected_id=path.stem, maps_dir=path.parent / "maps")


def load_text(text: str, path: str, *, expected_id=None, maps_dir=None) -> Questionnaire:
    """Load a questionnaire from `text` (e.g. an upload); `path` names it in messages.
    `expected_id`: the id it must have; `maps_dir`: where basemap images are looked for
    (default: <path's folder>/maps). Raises QuestionnaireError listing every problem."""
    shown = display_path(path)
    try:
        data, problems = parse(text.lstrip("\ufeff"))
    except YamlSyntaxError as exc:
        raise QuestionnaireError([LoadError(shown, exc.line, exc.message)]) from None
    context = _Context(expected_id, Path(maps_dir) if maps_dir else Path(path).parent / "maps", ICONS_DIR)
    checker = Checker()
    checker.problems.extend(problems)
    questionnaire = _build(checker, data, context)
    if checker.problems:
        ordered = sorted(checker.problems, key=lambda p: p[0])  # stable: same line keeps order
        raise QuestionnaireError([LoadError(shown, line, message) for line, message in ordered])
    size = len(json.dumps(questionnaire.to_dict(), ensure_ascii=False).encode("utf-8"))
    if size > MAX_JSON_BYTES:
        raise QuestionnaireError([LoadError(shown, 1, f"the questionnaire is too large: {size:,} bytes as JSON"
                                                      f" (at most {MAX_JSON_BYTES:,})")])
    questionnaire.source_path = str(path)
    return questionnaire


def load_directory(directory):
    """({id: Questionnaire}, {file stem: [LoadError]}) for every *.yaml in `directory`.
    Never raises for a broken file: its errors go into the second dict."""
    loaded, broken = {}, {}
    directory = Path(directory)
    if not directory.is_dir():
        return loaded, broken
    for path in sorted(directory.glob("*.yaml")):
        try:
            questionnaire = load_questionnaire(path)
            loaded[questionnaire.id] = questionnaire
        except QuestionnaireError as exc:
            broken[path.stem] = exc.errors
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            log.exception("unexpected error loading %s", path)
            broken[path.stem] = [LoadError(display_path(path), 1, f"internal error: {exc!r}")]
    for path in sorted(directory.glob("*.yml")):
        if path.stem not in loaded and path.stem not in broken:
            broken[path.stem] = [LoadError(display_path(path), 1,
                                           f"questionnaire files must end in .yaml (rename to {path.stem}.yaml)")]
    return loaded, broken


@dataclass
class _Context:
    expected_id: str | None
    maps_dir: Path
    icons_dir: Path


def _build(checker: Checker, data, context: _Context) -> Questionnaire | None:
    if data is None:
        checker.error(1, "the file is empty; a questionnaire is a mapping with id, version, title, ...")
        return None
    if not isinstance(data, LineDict):
        checker.error(1, f"a questionnaire must be a mapping with keys like id, version, title"
                         f" (found {describe(data)})")
        return None
    checker.keys(data, TOP_KEYS, "top-level", TOP_REQUIRED)
    qid = checker.ident(data, "id", QUESTIONNAIRE_ID_RE, "id", "lowercase letters, digits and '-'")
    if qid and context.expected_id is not None and qid != context.expected_id:
        checker.error(data.value_line("id"), f"id '{qid}' must equal the file name"
                                             f" (expected '{context.expected_id}')")
    version = data.get("version")
    if "version" in data and not (isinstance(version, int) and not isinstance(version, bool) and version >= 1):
        checker.error(data.value_line("version"), f"version must be a whole number from 1 up"
                                                  f" (found {describe(version)})")
    audience = data.get("audience")
    if "audience" in data and audience not in RESPONDENT_AUDIENCES:
        checker.error(data.value_line("audience"), f"audience must be children or adults"
                                                   f" (found {describe(audience)}){suggest(audience, RESPONDENT_AUDIENCES)}")
    end = checker.localised(data, "end", what="top-level")
    if audience == "children" and end:
        for lang, text in end.items():
            if not CHILD_HELPLINE_RE.search(text):
                checker.error(data["end"].value_line(lang), f"the end text ({lang}) of a children's"
                                                            f" questionnaire must mention Linka bezpečí 116 111")
    questionnaire = Questionnaire(
        id=qid, version=version, title=checker.localised(data, "title", what="top-level"),
        intro=checker.localised(data, "intro"), audience=audience,
        one_question_per_page=checker.boolean(data, "one_question_per_page"),
        places=_places(checker, data) if "places" in data else [],
        end=end, contact=checker.localised(data, "contact"),
    )
    if "pages" in data:
        _pages(checker, data, questionnaire, context)
    return questionnaire


def _places(checker, data) -> list:
    items = checker.sequence(data, "places")
    places, seen = [], {}
    for index, item in enumerate(items or []):
        if not checker.mapping(item, items.item_line(index), "a place"):
            continue
        checker.keys(item, {"id", "label", "polygon"}, "place", ("id", "label"))
        pid = checker.ident(item, "id", VALUE_RE, "place id", "lowercase letters, digits, '_' and '-'")
        checker.unique(seen, pid, item.value_line("id"), "place id")
        label = checker.localised(item, "label", what="place")
        polygon = map_config.polygon(checker, item) if "polygon" in item else None
        places.append(Place(pid, label, polygon))
    return places


def _pages(checker, data, questionnaire, context):
    items = checker.sequence(data, "pages", non_empty=True)
    seen_ids = {}  # page and question ids share one namespace
    raw_questions = []  # (Question, its LineDict), in file order
    for index, item in enumerate(items or []):
        if not checker.mapping(item, items.item_line(index), "a page"):
            continue
        checker.keys(item, PAGE_KEYS, "page", ("id", "questions"))
        pid = checker.ident(item, "id", VALUE_RE, "page id", "lowercase letters, digits, '_' and '-'")
        checker.unique(seen_ids, pid, item.value_line("id"), "id")
        page = Page(pid, checker.localised(item, "title"), [], item.line)
        questions = checker.sequence(item, "questions", non_empty=True) if "questions" in item else None
        for qindex, qdata in enumerate(questions or []):
            if not checker.mapping(qdata, questions.item_line(qindex), "a question"):
                continue
            question = _question(checker, qdata, questionnaire, context)
            checker.unique(seen_ids, question.id, qdata.value_line("id"), "id")
            page.questions.append(question)
            raw_questions.append((question, qdata))
        questionnaire.pages.append(page)
    order = {}
    for position, (question, _) in enumerate(raw_questions):
        order.setdefault(question.id, position)
    for position, (question, qdata) in enumerate(raw_questions):
        if "show_if" in qdata:
            question.show_if = check_show_if(checker, qdata, question, position, order, questionnaire)


def _not_for_type(key, qtype) -> str:
    if key in ANSWER_KEYS:
        return f"'{key}' is not allowed for type '{qtype.name}' (it takes no answer)"
    owners = sorted(name for name, t in QUESTION_TYPES.items() if key in t.allowed_keys)
    hint = "; its choices are built in" if key == "options" and qtype.builtin_options else ""
    return f"'{key}' is not allowed for type '{qtype.name}' (only for {', '.join(owners)}{hint})"


def _question(checker, data, questionnaire, context) -> Question:
    type_name = data.get("type")
    qtype = QUESTION_TYPES.get(type_name) if isinstance(type_name, str) else None
    if "type" in data and qtype is None:
        checker.error(data.value_line("type"), f"unknown question type {describe(type_name)}"
                                               f"{suggest(type_name, QUESTION_TYPES)}")
    allowed = ALL_QUESTION_KEYS if qtype is None else (
        COMMON_KEYS | (ANSWER_KEYS if qtype.answers else set()) | qtype.allowed_keys)
    for key in data:
        if key in allowed:
            continue
        if key in ALL_QUESTION_KEYS:
            checker.error(data.key_line(key), _not_for_type(key, qtype))
        else:
            shown = f"'{key}'" if isinstance(key, str) else describe(key)
            checker.error(data.key_line(key), f"unknown question key {shown}{suggest(key, ALL_QUESTION_KEYS)}")
    checker.require(data, ("id", "type", "label"), "question")
    question = Question(
        id=checker.ident(data, "id", QUESTION_ID_RE, "question id", "lowercase letters, digits and '_'"),
        # A non-text type (e.g. a list) is reported above; keep the model hashable-safe.
        type=type_name if isinstance(type_name, str) else None,
        label=checker.localised(data, "label", what="question"),
        help=checker.localised(data, "help"), line=data.line,
        required=checker.boolean(data, "required"), sensitive=checker.boolean(data, "sensitive"),
    )
    if qtype is not None:
        _typed_keys(checker, data, question, qtype, questionnaire, context)
    return question


def _typed_keys(checker, data, question, qtype, questionnaire, context):
    """Options, min/max, max_length, multiple and config, as the question's type allows."""
    allowed = qtype.allowed_keys
    if qtype.options == "required":
        if "options" not in data:
            checker.error(data.value_line("type"), f"type '{qtype.name}' needs 'options'"
                                                   f" (a list of {{value, label}})")
        else:
            items = checker.sequence(data, "options", non_empty=True)
            question.options = checker.options(items, context.icons_dir) if items else []
    if "multiple" in allowed:
        question.multiple = checker.boolean(data, "multiple")
    if qtype.choices_from == "places" and not questionnaire.places:
        checker.error(data.value_line("type"), f"type '{qtype.name}' needs the top-level 'places' list")
    if "max_length" in allowed:
        question.max_length = _max_length(checker, data, qtype)
    if qtype.bounds:
        _bounds(checker, data, question, qtype, questionnaire)
    question.config = qtype.config_check(checker, data, context)


def _max_length(checker, data, qtype):
    value = data.get("max_length", qtype.defaults.get("max_length"))
    if "max_length" in data and not (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        checker.error(data.value_line("max_length"), f"max_length must be a whole number from 1 up"
                                                     f" (found {describe(value)})")
        return qtype.defaults.get("max_length")
    return value


_BOUND_RULES = {  # what min/max may be, by the type's `bounds`
    "number": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
               and v == v and abs(v) != float("inf"), "a number"),
    "integer": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "count": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
              "a whole number from 0 up"),
}


def _bounds(checker, data, question, qtype, questionnaire):
    valid, wanted = _BOUND_RULES[qtype.bounds]
    values = {}
    for key in ("min", "max"):
        if key not in data:
            values[key] = qtype.defaults.get(key)
        elif "multiple" in qtype.allowed_keys and not question.multiple:
            checker.error(data.key_line(key), f"'{key}' is only allowed with 'multiple: true'")
            values[key] = None
        elif not valid(data[key]):
            checker.error(data.value_line(key), f"{key} must be {wanted} (found {describe(data[key])})")
            values[key] = None
        else:
            values[key] = data[key]
    low, high = values["min"], values["max"]
    if low is not None and high is not None and low > high:
        checker.error(data.value_line("min" if "min" in data else "max"),
                      f"min ({low}) is greater than max ({high})")
    choices = qtype.choice_values(question, questionnaire)
    if qtype.bounds == "count" and low is not None and choices and low > len(choices):
        checker.error(data.value_line("min"), f"min ({low}) is more than the number of choices ({len(choices)})")
    question.min, question.max = low, high
