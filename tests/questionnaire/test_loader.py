"""The questionnaire loader: exact `path:line: message` errors for every broken case (no Flask)."""
import textwrap

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey_app.questionnaire import loader
from survey_app.questionnaire.loader import (LoadError, QuestionnaireError, load_directory, load_questionnaire,
                               load_text)

P = "questionnaires/x.yaml"
HEAD = """\
id: x
version: 1
title: {cs: Titulek, en: Title}
audience: adults
end: {cs: Díky, en: Thanks}
pages:
  - id: p1
    questions:
"""  # 8 lines: question snippets start on line 9


def doc(questions: str, head: str = HEAD) -> str:
    """HEAD plus question items (written from column 0) indented under `questions:`."""
    return head + textwrap.indent(textwrap.dedent(questions), "      ")


CHOICE = """\
- id: q1
  type: single_choice
  label: {cs: Otázka, en: Question}
  options:
    - {value: a, label: {cs: A}}
    - {value: b, label: {cs: B}}
"""  # lines 9-14

MAP = """\
- id: m
  type: map
  label: {cs: Mapa}
  categories:
    - {value: drogy, label: {cs: Drogy}, icon: drugs, colour: "#c0392b"}
  bounds: [[50.5, 13.5], [50.7, 13.7]]
  basemap: {type: tiles, url: "https://t/{z}/{x}/{y}.png", attribution: OSM}
"""  # lines 9-15


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A working directory with questionnaires/ (and maps/janov.png) and a small icon set."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "questionnaires" / "maps").mkdir(parents=True)
    (tmp_path / "questionnaires" / "maps" / "janov.png").write_bytes(b"\x89PNG")
    icons = tmp_path / "icons"
    icons.mkdir()
    for name in ("drugs", "bench", "yes"):
        (icons / f"{name}.svg").write_text("<svg/>")
    monkeypatch.setattr(loader, "ICONS_DIR", icons)
    return tmp_path / "questionnaires"


@pytest.fixture
def errors(folder):
    """Write the text as questionnaires/<name>.yaml and return its errors as strings."""
    def run(text, name="x"):
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_questionnaire(path)
        except QuestionnaireError as exc:
            return [str(e) for e in exc.errors]
        return []
    return run


@pytest.fixture
def load(folder):
    def run(text, name="x"):
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        return load_questionnaire(path)
    return run


# ---- a good file --------------------------------------------------------------------------------

GOOD = """\
id: x
version: 2
title: {cs: Bezpečí, en: Safety}
intro: {cs: Úvod, en: Intro}
audience: children
one_question_per_page: true
contact: {cs: Kontakt}
places:
  - {id: janov, label: {cs: Janov}, polygon: [[50.6, 13.6], [50.61, 13.6], [50.61, 13.61]]}
  - {id: centrum, label: {cs: Centrum}}
end: {cs: "Díky! Linka bezpečí: 116 111", en: "Thanks! Helpline 116111"}
pages:
  - id: uvod
    title: {cs: Úvod}
    questions:
      - {id: vitej, type: info, label: {cs: Vítej}}
      - {id: vek, type: age_band, label: {cs: Věk}, required: true,
         options: [{value: 8-11, label: {cs: 8–11}, icon: bench}, {value: 12-14, label: {cs: 12–14}}]}
      - {id: pocit, type: smiley, label: {cs: Pocit}}
      - {id: skala, type: scale, label: {cs: Škála}}
      - {id: text, type: text, label: {cs: Text}, sensitive: true}
      - {id: dlouhy, type: textarea, label: {cs: Text}, max_length: 500}
      - {id: kolik, type: number, label: {cs: Kolik}, min: 0, max: 99.5}
      - {id: kde, type: place, label: {cs: Kde}, multiple: true, min: 1, max: 2}
      - {id: co, type: multi_choice, label: {cs: Co}, min: 1,
         options: [{value: a, label: {cs: A}}, {value: b, label: {cs: B}}]}
      - {id: proc, type: yes_no, label: {cs: Proč}, show_if: {question: pocit, any_of: [1, 2.0]}}
      - {id: dal, type: text, label: {cs: Dál}, show_if: {question: proc, equals: "yes"}}
      - {id: nic, type: text, label: {cs: Nic}, show_if: {question: kde, answered: false}}
      - id: mapa
        type: map
        label: {cs: Mapa}
        required: true
        categories:
          - {value: drogy, label: {cs: Drogy}, icon: drugs, colour: "#C0392B"}
          - {value: tma, label: {cs: Tma}}
        feelings: [safe, unsafe]
        min_marks: 1
        max_marks: 10
        comment: optional
        bounds: [[50.585, 13.570], [50.615, 13.640]]
        center: [50.598, 13.604]
        zoom: 16
        basemap: {type: image, file: maps/janov.png, bounds: [[50.585, 13.570], [50.615, 13.640]]}
      - {id: mapa2, type: map, label: {cs: Mapa}, comment: off,
         categories: [{value: drogy, label: {cs: Drogy}}],
         bounds: [[50.5, 13.5], [50.7, 13.7]],
         basemap: {type: tiles, url: "https://t/{z}/{x}/{y}.png", attribution: OSM, fallback: maps/janov.png}}
"""


def test_load__good_file__model_with_defaults(load):
    q = load(GOOD)
    assert (q.id, q.version, q.audience, q.one_question_per_page, q.is_children) == ("x", 2, "children", True, True)
    assert (q.title, q.intro, q.contact) == ({"cs": "Bezpečí", "en": "Safety"}, {"cs": "Úvod", "en": "Intro"},
                                            {"cs": "Kontakt"})
    assert q.source_path.endswith("questionnaires/x.yaml")
    assert [(p.id, p.polygon) for p in q.places] == [
        ("janov", [[50.6, 13.6], [50.61, 13.6], [50.61, 13.61]]), ("centrum", None)]
    assert [p.id for p in q.pages] == ["uvod"]
    assert [x.id for x in q.questions] == ["vitej", "vek", "pocit", "skala", "text", "dlouhy", "kolik", "kde",
                                           "co", "proc", "dal", "nic", "mapa", "mapa2"]
    vek = q.question("vek")
    assert (vek.required, vek.line, [(o.value, o.icon) for o in vek.options]) == (
        True, 17, [("8-11", "bench"), ("12-14", None)])
    assert (q.question("skala").min, q.question("skala").max) == (1, 5)
    assert q.question("text").max_length == 200 and q.question("text").sensitive
    assert q.question("dlouhy").max_length == 500
    assert (q.question("kolik").min, q.question("kolik").max) == (0, 99.5)
    assert (q.question("kde").multiple, q.question("kde").min, q.question("kde").max) == (True, 1, 2)
    show_ifs = [(x.id, x.show_if.question, x.show_if.op, x.show_if.value) for x in q.questions if x.show_if]
    assert show_ifs == [("proc", "pocit", "any_of", [1, 2]), ("dal", "proc", "equals", "yes"),
                        ("nic", "kde", "answered", False)]
    config = q.question("mapa").config
    assert [(c.value, c.icon, c.extra) for c in config["categories"]] == [
        ("drogy", "drugs", {"colour": "#c0392b"}), ("tma", None, {"colour": "#2980b9"})]
    assert {k: v for k, v in config.items() if k != "categories"} == {
        "feelings": ["unsafe", "safe"], "comment": "optional", "min_marks": 1, "max_marks": 10,
        "bounds": [[50.585, 13.57], [50.615, 13.64]], "center": [50.598, 13.604], "zoom": 16,
        "basemap": {"type": "image", "file": "maps/janov.png", "bounds": [[50.585, 13.57], [50.615, 13.64]]}}
    config2 = q.question("mapa2").config
    assert (config2["comment"], config2["feelings"], config2["min_marks"], config2["max_marks"],
            config2["center"], config2["zoom"]) == ("off", [], 0, 5, [50.6, 13.6], 15)
    assert config2["basemap"] == {"type": "tiles", "url": "https://t/{z}/{x}/{y}.png", "attribution": "OSM",
                                  "fallback": "maps/janov.png"}


# ---- file-level problems ----------------------------------------------------------------------

def test_bad_yaml__one_error_with_parser_line(errors):
    assert errors("id: x\nversion: 1\ntitle: {cs: [unclosed\nend: 1\n") == [
        f"{P}:4: invalid YAML: expected ',' or ']', but got ':'"]


def test_bad_yaml__tab_indent(errors):
    assert errors("id: x\npages:\n\t- id: p\n") == [
        f"{P}:3: invalid YAML: found character '\\t' that cannot start any token"]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_empty_file__line_1(errors, text):
    assert errors(text) == [f"{P}:1: the file is empty; a questionnaire is a mapping with id, version, title, ..."]


def test_not_a_mapping__line_1(errors):
    assert errors("- id: x\n- version: 1\n") == [
        f"{P}:1: a questionnaire must be a mapping with keys like id, version, title (found a list)"]


def test_not_utf8__line_of_bad_byte(folder):
    path = folder / "x.yaml"
    path.write_bytes("id: x\ntitle: {cs: Bezpečí}\n".encode("cp1250"))
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    assert str(caught.value) == f"{P}:2: the file is not UTF-8 text"


def test_missing_file__cannot_read(folder):
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(folder / "x.yaml")
    assert str(caught.value) == f"{P}:1: cannot read the file: No such file or directory"


def test_missing_top_level_keys__each_reported_on_line_1(errors):
    assert errors("intro: {cs: Ahoj}\n") == [f"{P}:1: missing required top-level key '{k}'"
                                              for k in ("id", "version", "title", "audience", "end", "pages")]


def test_unknown_top_level_key__did_you_mean(errors):
    text = HEAD.replace("title:", "titel:") + textwrap.indent(CHOICE, "      ")
    assert errors(text) == [f"{P}:1: missing required top-level key 'title'",
                            f"{P}:3: unknown top-level key 'titel' (did you mean 'title'?)"]


def test_duplicate_yaml_key__names_first_line(errors):
    assert errors(doc(CHOICE) + "version: 2\n") == [f"{P}:15: duplicate key 'version' (first on line 2)"]


def test_id__must_equal_file_name(errors):
    assert errors(doc(CHOICE), name="y") == [
        "questionnaires/y.yaml:1: id 'x' must equal the file name (expected 'y')"]


def test_id__bad_characters(errors):
    text = doc(CHOICE).replace("id: x\n", "id: My_Survey\n", 1)
    assert errors(text, name="My_Survey") == [
        "questionnaires/My_Survey.yaml:1: id 'My_Survey' may contain only lowercase letters, digits and '-'"]


@pytest.mark.parametrize("value, found", [("0", "0"), ("-3", "-3"), ('"1"', "'1'"), ("true", "true"),
                                          ("1.5", "1.5"), ("", "nothing")])
def test_version__positive_integer(errors, value, found):
    text = doc(CHOICE).replace("version: 1", f"version: {value}")
    assert errors(text) == [f"{P}:2: version must be a whole number from 1 up (found {found})"]


def test_audience__invalid_with_suggestion(errors):
    assert errors(doc(CHOICE).replace("audience: adults", "audience: child")) == [
        f"{P}:4: audience must be children or adults (found 'child') (did you mean 'children'?)"]


def test_children__end_must_mention_helpline_in_every_language(errors):
    text = doc(CHOICE).replace("audience: adults", "audience: children").replace(
        "end: {cs: Díky, en: Thanks}", "end:\n  cs: Díky, volej 116 111\n  en: Thanks\n")
    assert errors(text) == [
        f"{P}:7: the end text (en) of a children's questionnaire must mention Linka bezpečí 116 111"]


def test_children__helpline_with_any_spacing__accepted(load):
    text = doc(CHOICE).replace("audience: adults", "audience: children").replace(
        "end: {cs: Díky, en: Thanks}", "end: {cs: 'Volej 116\u00a0111', en: 'Call 116111'}")
    assert load(text).is_children


# ---- localised texts ----------------------------------------------------------------------------

def test_label__without_czech(errors):
    assert errors(doc(CHOICE.replace("{cs: Otázka, en: Question}", "{en: Question}"))) == [
        f"{P}:11: 'label' has no Czech text (add 'cs: ...')"]


def test_label__cz_instead_of_cs(errors):
    assert errors(doc(CHOICE.replace("{cs: Otázka, en: Question}", "{cz: Otázka}"))) == [
        f"{P}:11: language code 'cz' in 'label' should be 'cs' (Czech)"]


def test_label__plain_text(errors):
    assert errors(doc(CHOICE.replace("{cs: Otázka, en: Question}", "Otázka"))) == [
        f"{P}:11: 'label' must be a localised text like {{cs: ..., en: ...}} (found plain text)"]


def test_label__bad_language_code_and_empty_and_number(errors):
    assert errors(doc(CHOICE.replace("{cs: Otázka, en: Question}", "{cs: '', EN: Q, uk: 42}"))) == [
        f"{P}:11: 'label' cs text must be non-empty text (found '')",
        f"{P}:11: 'EN' in 'label' is not a language code like cs, en or uk",
        f"{P}:11: 'label' uk text 42 is not text; quote it: \"42\"",
    ]


def test_title_and_end_missing_czech(errors):
    text = doc(CHOICE).replace("title: {cs: Titulek, en: Title}", "title: {en: Title}").replace(
        "end: {cs: Díky, en: Thanks}", "end: {en: Thanks}")
    assert errors(text) == [f"{P}:3: 'title' has no Czech text (add 'cs: ...')",
                            f"{P}:5: 'end' has no Czech text (add 'cs: ...')"]


# ---- pages and questions ------------------------------------------------------------------------

def test_pages__empty_list(errors):
    assert errors(HEAD.replace("pages:\n  - id: p1\n    questions:\n", "pages: []\n")) == [
        f"{P}:6: 'pages' must be a non-empty list (found an empty list)"]


def test_page__unknown_key_and_no_questions(errors):
    text = HEAD.replace("    questions:\n", "    questons: []\n")
    assert errors(text) == [f"{P}:7: missing required page key 'questions'",
                            f"{P}:8: unknown page key 'questons' (did you mean 'questions'?)"]


def test_page__empty_questions(errors):
    assert errors(HEAD.replace("    questions:\n", "    questions: []\n")) == [
        f"{P}:8: 'questions' must be a non-empty list (found an empty list)"]


def test_question__not_a_mapping(errors):
    assert errors(doc("- just text\n")) == [f"{P}:9: a question must be a mapping (found 'just text')"]


def test_question__missing_required_keys(errors):
    assert errors(doc("- help: {cs: Nápověda}\n")) == [f"{P}:9: missing required question key '{k}'"
                                                       for k in ("id", "type", "label")]


def test_question__unknown_key_did_you_mean(errors):
    assert errors(doc(CHOICE + "  requird: true\n")) == [
        f"{P}:15: unknown question key 'requird' (did you mean 'required'?)"]


def test_question__bad_id(errors):
    assert errors(doc(CHOICE.replace("id: q1", "id: Q-1"))) == [
        f"{P}:9: question id 'Q-1' may contain only lowercase letters, digits and '_'"]


def test_question__required_not_bool(errors):
    assert errors(doc(CHOICE + "  required: maybe\n")) == [
        f"{P}:15: 'required' must be true or false (found 'maybe')"]


def test_unknown_type__did_you_mean(errors):
    assert errors(doc(CHOICE.replace("type: single_choice", "type: single_choise"))) == [
        f"{P}:10: unknown question type 'single_choise' (did you mean 'single_choice'?)"]


def test_unknown_type__no_close_match(errors):
    assert errors(doc("- {id: q1, type: slider, label: {cs: Q}}\n")) == [
        f"{P}:9: unknown question type 'slider'"]


@pytest.mark.parametrize("question, line_message", [
    ("- {id: q, type: smiley, label: {cs: Q}, options: [{value: a, label: {cs: A}}]}",
     "'options' is not allowed for type 'smiley' (only for age_band, multi_choice, single_choice;"
     " its choices are built in)"),
    ("- {id: q, type: text, label: {cs: Q}, multiple: true}", "'multiple' is not allowed for type 'text' (only for place)"),
    ("- {id: q, type: yes_no, label: {cs: Q}, bounds: [[1, 2], [3, 4]]}",
     "'bounds' is not allowed for type 'yes_no' (only for map)"),
    ("- {id: q, type: number, label: {cs: Q}, max_length: 5}",
     "'max_length' is not allowed for type 'number' (only for text, textarea)"),
    ("- {id: q, type: info, label: {cs: Q}, required: true}",
     "'required' is not allowed for type 'info' (it takes no answer)"),
    ("- {id: q, type: single_choice, label: {cs: Q}, min: 1, options: [{value: a, label: {cs: A}}]}",
     "'min' is not allowed for type 'single_choice' (only for multi_choice, number, place, scale)"),
])
def test_key_not_allowed_for_type(errors, question, line_message):
    assert errors(doc(question + "\n")) == [f"{P}:9: {line_message}"]


def test_duplicate_question_id__names_first(errors):
    assert errors(doc(CHOICE + CHOICE)) == [f"{P}:15: duplicate id 'q1' (first on line 9)"]


def test_duplicate_id__question_against_page(errors):
    assert errors(doc(CHOICE.replace("id: q1", "id: p1"))) == [f"{P}:9: duplicate id 'p1' (first on line 7)"]


def test_duplicate_page_id(errors):
    page = "  - id: p1\n    questions:\n      - {id: q2, type: info, label: {cs: I}}\n"
    assert errors(doc(CHOICE) + page) == [f"{P}:15: duplicate id 'p1' (first on line 7)"]


# ---- options ------------------------------------------------------------------------------------

def test_choice_type_without_options(errors):
    assert errors(doc("- {id: q1, type: multi_choice, label: {cs: Q}}\n")) == [
        f"{P}:9: type 'multi_choice' needs 'options' (a list of {{value, label}})"]


def test_age_band_with_empty_options(errors):
    assert errors(doc("- {id: q1, type: age_band, label: {cs: Q}, options: []}\n")) == [
        f"{P}:9: 'options' must be a non-empty list (found an empty list)"]


def test_option__yaml_number_and_boolean__quote_hint(errors):
    text = doc(CHOICE.replace("value: a,", "value: 1,").replace("value: b,", "value: yes,"))
    assert errors(text) == [f"{P}:13: option value 1 is a number; quote it: value: \"1\"",
                            f"{P}:14: option value yes is read as a boolean (true); quote it: value: \"yes\""]


def test_option__bad_characters(errors):
    assert errors(doc(CHOICE.replace("value: a,", "value: Ano Ne,"))) == [
        f"{P}:13: option value 'Ano Ne' may contain only lowercase letters, digits, '_' and '-'"]


def test_option__duplicate_value__names_first(errors):
    assert errors(doc(CHOICE.replace("value: b,", "value: a,"))) == [
        f"{P}:14: duplicate option value 'a' (first on line 13)"]


def test_option__unknown_key_and_missing_label(errors):
    assert errors(doc(CHOICE.replace("{value: b, label:", "{value: b, lable:"))) == [
        f"{P}:14: unknown option key 'lable' (did you mean 'label'?)",
        f"{P}:14: missing required option key 'label'"]


def test_option__icon_missing__suggests_existing(errors):
    assert errors(doc(CHOICE.replace("{value: a,", "{icon: drug, value: a,"))) == [
        f"{P}:13: icon 'drug' not found: there is no survey_app/static/icons/drug.svg (did you mean 'drugs'?)"]


def test_option__icon_path_refused(errors):
    assert errors(doc(CHOICE.replace("{value: a,", "{icon: ../../etc/passwd, value: a,"))) == [
        f"{P}:13: icon '../../etc/passwd' must be a file name without '.svg'"
        f" (lowercase letters, digits, '_' and '-')"]


# ---- min / max / max_length / multiple ---------------------------------------------------------

@pytest.mark.parametrize("question, message", [
    ("{id: q, type: number, label: {cs: Q}, min: 10, max: 5}", "min (10) is greater than max (5)"),
    ("{id: q, type: scale, label: {cs: Q}, min: 6}", "min (6) is greater than max (5)"),
    ("{id: q, type: scale, label: {cs: Q}, max: 2.5}", "max must be a whole number (found 2.5)"),
    ("{id: q, type: number, label: {cs: Q}, min: '0'}", "min must be a number (found '0')"),
    ("{id: q, type: number, label: {cs: Q}, max: .inf}", "max must be a number (found inf)"),
    ("{id: q, type: place, label: {cs: Q}, max: 2}", "'max' is only allowed with 'multiple: true'"),
    ("{id: q, type: place, label: {cs: Q}, multiple: true, min: -1}", "min must be a whole number from 0 up (found -1)"),
    ("{id: q, type: multi_choice, label: {cs: Q}, min: 3, options: [{value: a, label: {cs: A}}]}",
     "min (3) is more than the number of choices (1)"),
    ("{id: q, type: text, label: {cs: Q}, max_length: 0}", "max_length must be a whole number from 1 up (found 0)"),
    ("{id: q, type: place, label: {cs: Q}, multiple: 1}", "'multiple' must be true or false (found 1)"),
])
def test_bounds_and_lengths(errors, question, message):
    head = HEAD.replace("pages:", "places: [{id: janov, label: {cs: Janov}}]\npages:")
    assert errors(doc(f"- {question}\n", head)) == [f"{P}:10: {message}"]


def test_place_type_without_places(errors):
    assert errors(doc("- {id: q, type: place, label: {cs: Q}}\n")) == [
        f"{P}:9: type 'place' needs the top-level 'places' list"]


# ---- places -------------------------------------------------------------------------------------

def test_places__every_problem(errors):
    head = HEAD.replace("pages:", """\
places:
  - {id: janov, label: {cs: Janov}, polygon: [[50.6, 13.6], [50.61, 13.6]]}
  - {id: janov, label: {cs: Janov 2}}
  - {id: Centrum, name: {cs: Centrum}}
  - {id: sever, label: {cs: Sever}, polygon: [[50.6, 13.6], [95, 13.6], [50.61, 200], [1]]}
pages:""")
    assert errors(doc(CHOICE, head)) == [
        f"{P}:7: 'polygon' must be a list of at least 3 [lat, lon] points (found a list)",
        f"{P}:8: duplicate place id 'janov' (first on line 7)",
        f"{P}:9: unknown place key 'name'",
        f"{P}:9: missing required place key 'label'",
        f"{P}:9: place id 'Centrum' may contain only lowercase letters, digits, '_' and '-'",
        f"{P}:10: 'polygon' point 2: latitude 95 is outside -90..90",
        f"{P}:10: 'polygon' point 3: longitude 200 is outside -180..180",
        f"{P}:10: 'polygon' point 4 must be a [lat, lon] pair of numbers (found a list)",
    ]


# ---- show_if ------------------------------------------------------------------------------------

def show_if(condition: str, target: str = CHOICE) -> str:
    """CHOICE (lines 9-14), then question q2 (line 15) with this show_if (line 18)."""
    return doc(target + f"- id: q2\n  type: text\n  label: {{cs: Dál}}\n  show_if: {condition}\n")


@pytest.mark.parametrize("condition, message", [
    ("{question: q0, equals: a}", "show_if refers to unknown question 'q0'"),
    ("{question: q1x, equals: a}", "show_if refers to unknown question 'q1x' (did you mean 'q1'?)"),
    ("{question: q2, answered: true}", "show_if cannot refer to the question itself"),
    ("{question: q1, equals: c}", "show_if value c is not an option of 'q1'"),
    ("{question: q1, equals: aa}", "show_if value aa is not an option of 'q1' (did you mean 'a'?)"),
    ("{question: q1, equals: a, any_of: [b]}",
     "show_if must have exactly one of equals, any_of, answered (found equals, any_of)"),
    ("{question: q1}", "show_if needs one of equals, any_of, answered"),
    ("{question: q1, answered: maybe}", "show_if answered must be true or false (found 'maybe')"),
    ("{question: q1, answered: 1}", "show_if answered must be true or false (found 1)"),
    ("{question: q1, any_of: a}", "show_if any_of must be a non-empty list (found 'a')"),
    ("{question: q1, any_of: []}", "show_if any_of must be a non-empty list (found a list)"),
    ("{question: q1, equals: [a, b]}", "show_if equals takes one value (use any_of for several)"),
    ("{question: q1, equal: a}", "unknown show_if key 'equal' (did you mean 'equals'?)"),
    ("[q1, a]", "show_if must be a mapping (found a list)"),
])
def test_show_if__errors(errors, condition, message):
    result = errors(show_if(condition))
    assert result and all(line.startswith(f"{P}:18: ") for line in result)
    assert f"{P}:18: {message}" in result


def test_show_if__missing_question(errors):
    assert errors(show_if("{equals: a}")) == [f"{P}:18: missing required show_if key 'question'"]


def test_show_if__later_question(errors):
    later = CHOICE.replace("id: q1", "id: q3") + "  show_if: {question: q1, equals: a}\n" + CHOICE
    assert errors(doc(later)) == [
        f"{P}:15: show_if must refer to an earlier question; 'q1' comes later (line 16)"]


def test_show_if__any_of_values_each_checked_on_their_line(errors):
    text = show_if("\n    question: q1\n    any_of:\n      - a\n      - bb\n      - \"no\"\n")
    assert errors(text) == [f"{P}:22: show_if value bb is not an option of 'q1' (did you mean 'b'?)",
                            f"{P}:23: show_if value 'no' is not an option of 'q1'"]


def test_show_if__yes_no_boolean__quote_hint(errors):
    yes_no = "- {id: q1, type: yes_no, label: {cs: Q}}\n"
    assert errors(doc(yes_no + "- {id: q2, type: text, label: {cs: D}, show_if: {question: q1, equals: yes}}\n")) == [
        f"{P}:10: show_if value yes is read as a boolean; quote it: \"yes\""]


@pytest.mark.parametrize("target, condition, message", [
    ("{id: q1, type: smiley, label: {cs: S}}", "equals: 6", "show_if value 6 is not an option of 'q1'"),
    ("{id: q1, type: smiley, label: {cs: S}}", "equals: '1'", "show_if value '1' is not an option of 'q1'"),
    ("{id: q1, type: scale, label: {cs: S}}", "equals: 9", "show_if value 9 is not a possible answer to 'q1' (type scale)"),
    ("{id: q1, type: number, label: {cs: S}}", "equals: many",
     "show_if value 'many' is not a possible answer to 'q1' (type number)"),
    ("{id: q1, type: info, label: {cs: S}}", "answered: true", "show_if cannot refer to 'q1': type 'info' takes no answer"),
    ("{id: q1, type: text, label: {cs: S}}", "equals: ''", "show_if value must be a single value (found '')"),
])
def test_show_if__value_must_be_possible_answer(errors, target, condition, message):
    text = doc(f"- {target}\n- {{id: q2, type: text, label: {{cs: D}}, show_if: {{question: q1, {condition}}}}}\n")
    assert errors(text) == [f"{P}:10: {message}"]


def test_show_if__map_allows_only_answered(errors):
    text = doc(MAP + "- {id: q2, type: text, label: {cs: D}, show_if: {question: m, equals: drogy}}\n")
    assert errors(text) == [f"{P}:16: show_if on a map question can only use answered"]
    ok = doc(MAP + "- {id: q2, type: text, label: {cs: D}, show_if: {question: m, answered: true}}\n")
    assert errors(ok) == []


def test_show_if__place_values_are_place_ids(load, errors):
    head = HEAD.replace("pages:", "places: [{id: janov, label: {cs: Janov}}]\npages:")
    place = "- {id: q1, type: place, multiple: true, label: {cs: P}}\n"
    good = place + "- {id: q2, type: text, label: {cs: D}, show_if: {question: q1, equals: janov}}\n"
    assert load(doc(good, head)).question("q2").show_if.value == "janov"
    bad = place + "- {id: q2, type: text, label: {cs: D}, show_if: {question: q1, equals: janow}}\n"
    assert errors(doc(bad, head)) == [f"{P}:11: show_if value janow is not an option of 'q1' (did you mean 'janov'?)"]


# ---- the map type ------------------------------------------------------------------------------

def test_map__minimal__loads(load):
    config = load(doc(MAP)).question("m").config
    assert (config["center"], config["zoom"], config["feelings"], config["comment"]) == ([50.6, 13.6], 15, [], "off")


def test_map__unquoted_colour__hint_that_hash_starts_a_comment(errors):
    text = doc(MAP.replace("    - {value: drogy, label: {cs: Drogy}, icon: drugs, colour: \"#c0392b\"}\n",
                           "    - value: drogy\n      label: {cs: Drogy}\n      colour: #c0392b\n"))
    assert errors(text) == [
        f"{P}:15: colour must be like \"#c0392b\" (found nothing) (quote it: '#' starts a YAML comment)"]


def test_control_character__reported_on_its_line(errors):
    assert errors(doc(CHOICE).replace("Otázka", "Otá\x1fzka")) == [
        f"{P}:11: invalid YAML: character U+001F is not allowed"]


def test_map__missing_required_keys(errors):
    assert errors(doc("- {id: m, type: map, label: {cs: Mapa}}\n")) == [
        f"{P}:9: missing required map key '{k}'" for k in ("categories", "bounds", "basemap")]


@pytest.mark.parametrize("old, new, line, message", [
    ("    - {value: drogy, label: {cs: Drogy}, icon: drugs, colour: \"#c0392b\"}\n", "    []\n", 13,
     "'categories' must be a non-empty list (found an empty list)"),
    ("{value: drogy, label: {cs: Drogy},", "{value: drogy,", 13, "missing required category key 'label'"),
    ("colour: \"#c0392b\"", "colour: red", 13, "colour must be like \"#c0392b\" (found 'red')"),
    ("icon: drugs", "icon: drogy", 13, "icon 'drogy' not found: there is no survey_app/static/icons/drogy.svg"
     " (did you mean 'drugs'?)"),
    ("value: drogy", "value: 1", 13, "category value 1 is a number; quote it: value: \"1\""),
    ("bounds: [[50.5, 13.5], [50.7, 13.7]]", "bounds: [[50.7, 13.5], [50.5, 13.7]]", 14,
     "'bounds': south (50.7) must be less than north (50.5)"),
    ("bounds: [[50.5, 13.5], [50.7, 13.7]]", "bounds: [[50.5, 13.7], [50.7, 13.7]]", 14,
     "'bounds': west (13.7) must be less than east (13.7)"),
    ("bounds: [[50.5, 13.5], [50.7, 13.7]]", "bounds: [[-91, 13.5], [50.7, 13.7]]", 14,
     "'bounds' corner 1: latitude -91 is outside -90..90"),
    ("bounds: [[50.5, 13.5], [50.7, 13.7]]", "bounds: [[50.5, 13.5], [50.7, 181]]", 14,
     "'bounds' corner 2: longitude 181 is outside -180..180"),
    ("bounds: [[50.5, 13.5], [50.7, 13.7]]", "bounds: [50.5, 13.5, 50.7, 13.7]", 14,
     "'bounds' must be [[south, west], [north, east]] (found a list)"),
    ("bounds: [[50.5, 13.5], [50.7, 13.7]]", "bounds: [[50.5, '13.5'], [50.7, 13.7]]", 14,
     "'bounds' corner 1 must be a [lat, lon] pair of numbers (found a list)"),
    ("type: tiles, url", "type: tile, url", 15, "basemap type must be tiles or image (found 'tile') (did you mean 'tiles'?)"),
    ("type: tiles, url", "type: [], url", 15, "basemap type must be tiles or image (found a list)"),  # was a 500
    ("{type: tiles, ", "{", 15, "missing required basemap key 'type' (tiles or image)"),
    ("url: \"https://t/{z}/{x}/{y}.png\"", "url: \"https://t/{z}/{x}.png\"", 15,
     "tiles url must be a plain https:// address (host, optional port, path) that contains"
     " {z}, {x} and {y}, like https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    ("url: \"https://t/{z}/{x}/{y}.png\"", "url: \"http://t/{z}/{x}/{y}.png\"", 15,
     "tiles url must be a plain https:// address (host, optional port, path) that contains"
     " {z}, {x} and {y}, like https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    ("url: \"https://t/{z}/{x}/{y}.png\"", "url: 'https://tiles.example; script-src * ''unsafe-inline''; x/{z}/{x}/{y}.png'", 15,
     "tiles url must be a plain https:// address (host, optional port, path) that contains"
     " {z}, {x} and {y}, like https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    ("url: \"https://t/{z}/{x}/{y}.png\"", "url: \"https://t.example/{z}/{x}/{y}.png?a=1 b\"", 15,
     "tiles url must be a plain https:// address (host, optional port, path) that contains"
     " {z}, {x} and {y}, like https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    ("url: \"https://t/{z}/{x}/{y}.png\"", "url: \"https://user@t.example/{z}/{x}/{y}.png\"", 15,
     "tiles url must be a plain https:// address (host, optional port, path) that contains"
     " {z}, {x} and {y}, like https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    ("url: \"https://t/{z}/{x}/{y}.png\"", "url: \"https://t.example/{zz}/{z}/{x}/{y}.png\"", 15,
     "tiles url must be a plain https:// address (host, optional port, path) that contains"
     " {z}, {x} and {y}, like https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    ("url: \"https://t/{z}/{x}/{y}.png\"", "url: \"https://t.example,evil/{z}/{x}/{y}.png\"", 15,
     "tiles url must be a plain https:// address (host, optional port, path) that contains"
     " {z}, {x} and {y}, like https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    (", attribution: OSM}", "}", 15, "missing required tiles basemap key 'attribution'"),
    (", attribution: OSM}", ", attribution: OSM, file: maps/janov.png}", 15,
     "unknown tiles basemap key 'file'"),
    (", attribution: OSM}", ", attribution: OSM, fallback: maps/jan.png}", 15,
     "'fallback': image 'maps/jan.png' not found in questionnaires/maps/"),
    ("basemap: {type: tiles, url: \"https://t/{z}/{x}/{y}.png\", attribution: OSM}",
     "basemap: {type: image, file: janov.png, bounds: [[50.5, 13.5], [50.7, 13.7]]}", 15,
     "'file' must be an image in the maps folder, like maps/janov.png (found 'janov.png')"),
    ("basemap: {type: tiles, url: \"https://t/{z}/{x}/{y}.png\", attribution: OSM}",
     "basemap: {type: image, file: maps/../../secret.png, bounds: [[50.5, 13.5], [50.7, 13.7]]}", 15,
     "'file' must be an image in the maps folder, like maps/janov.png (found 'maps/../../secret.png')"),
    ("basemap: {type: tiles, url: \"https://t/{z}/{x}/{y}.png\", attribution: OSM}",
     "basemap: {type: image, file: maps/janov.png}", 15, "missing required image basemap key 'bounds'"),
    ("basemap: {type: tiles, url: \"https://t/{z}/{x}/{y}.png\", attribution: OSM}",
     "basemap: {type: image, file: maps/janov.png, bounds: [[50.7, 13.5], [50.5, 13.7]]}", 15,
     "'bounds': south (50.7) must be less than north (50.5)"),
    ("basemap: {type: tiles, url: \"https://t/{z}/{x}/{y}.png\", attribution: OSM}", "basemap: maps/janov.png", 15,
     "'basemap' must be a mapping (found 'maps/janov.png')"),
])
def test_map__config_errors(errors, old, new, line, message):
    assert old in MAP
    assert errors(doc(MAP.replace(old, new))) == [f"{P}:{line}: {message}"]


@pytest.mark.parametrize("extra, message", [
    ("feelings: [unsafe, scared]", "unknown feeling 'scared': use unsafe and/or safe (did you mean 'safe'?)"),
    ("feelings: [safe, safe]", "duplicate feeling 'safe'"),
    ("feelings: safe", "'feelings' must be a list (found 'safe')"),
    ("min_marks: -1", "min_marks must be a whole number from 0 to 50 (found -1)"),
    ("max_marks: 51", "max_marks must be a whole number from 0 to 50 (found 51)"),
    ("max_marks: true", "max_marks must be a whole number from 0 to 50 (found true)"),
    ("min_marks: 6", "min_marks (6) is greater than max_marks (5)"),
    ("comment: on", "comment must be off or optional (found on)"),
    ("comment: optinal", "comment must be off or optional (found 'optinal') (did you mean 'optional'?)"),
    ("center: [50.8, 13.6]", "'center' is outside 'bounds'"),
    ("center: [50.6]", "'center' must be a [lat, lon] pair of numbers (found a list)"),
    ("zoom: 20", "zoom must be a whole number from 1 to 19 (found 20)"),
    ("zoom: 0", "zoom must be a whole number from 1 to 19 (found 0)"),
    ("zoom: 12.5", "zoom must be a whole number from 1 to 19 (found 12.5)"),
    ("max_mark: 3", "unknown question key 'max_mark' (did you mean 'max_marks'?)"),
])
def test_map__extra_key_errors(errors, extra, message):
    assert errors(doc(MAP + f"  {extra}\n")) == [f"{P}:16: {message}"]


@pytest.mark.parametrize("extra, expected", [("comment: off", "off"), ("comment: 'off'", "off"),
                                             ("comment: optional", "optional")])
def test_map__comment_off_is_also_yaml_false(load, extra, expected):
    assert load(doc(MAP + f"  {extra}\n")).question("m").config["comment"] == expected


# ---- all at once, paths, other entry points -------------------------------------------------------

def test_every_error_reported_sorted_by_line(errors):
    text = doc(CHOICE.replace("type: single_choice", "type: singl_choice") + MAP + "- {id: q1}\n")
    text = text.replace("version: 1", "version: 0").replace("audience: adults", "audience: all")
    assert errors(text) == [
        f"{P}:2: version must be a whole number from 1 up (found 0)",
        f"{P}:4: audience must be children or adults (found 'all')",
        f"{P}:10: unknown question type 'singl_choice' (did you mean 'single_choice'?)",
        f"{P}:22: missing required question key 'type'",
        f"{P}:22: missing required question key 'label'",
        f"{P}:22: duplicate id 'q1' (first on line 9)",
    ]


def test_path__outside_working_directory__as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    elsewhere = tmp_path.parent / f"{tmp_path.name}-other"
    elsewhere.mkdir()
    path = elsewhere / "x.yaml"
    path.write_text("id: y\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    assert LoadError(str(path), 1, "id 'y' must equal the file name (expected 'x')") in caught.value.errors


def test_load_error__str_and_questionnaire_error__joined_lines():
    error = QuestionnaireError([LoadError("q/a.yaml", 3, "one"), LoadError("q/a.yaml", 5, "two")])
    assert str(error) == "q/a.yaml:3: one\nq/a.yaml:5: two"
    assert error.errors[1].line == 5


def test_load_text__expected_id_maps_dir_and_bom(folder, tmp_path):
    text = "\ufeff" + doc(MAP.replace(
        "basemap: {type: tiles, url: \"https://t/{z}/{x}/{y}.png\", attribution: OSM}",
        "basemap: {type: image, file: maps/janov.png, bounds: [[50.5, 13.5], [50.7, 13.7]]}"))
    assert load_text(text, "questionnaires/upload.yaml").id == "x"  # maps default: next to the file
    assert load_text(text, "upload.yaml", expected_id="x", maps_dir=folder / "maps").source_path == "upload.yaml"
    with pytest.raises(QuestionnaireError) as caught:
        load_text(text, "upload.yaml", expected_id="z", maps_dir=tmp_path)
    assert [str(e) for e in caught.value.errors] == [
        "upload.yaml:1: id 'x' must equal the file name (expected 'z')",
        "upload.yaml:15: 'file': image 'maps/janov.png' not found in ./"]


def test_load_directory__good_broken_and_misnamed(folder):
    (folder / "x.yaml").write_text(doc(CHOICE), encoding="utf-8")
    (folder / "broken.yaml").write_text("id: broken\nversion: [\n", encoding="utf-8")
    (folder / "wrong.yaml").write_text(doc(CHOICE), encoding="utf-8")
    (folder / "old.yml").write_text(doc(CHOICE), encoding="utf-8")
    (folder / "notes.txt").write_text("not a questionnaire", encoding="utf-8")
    loaded, broken = load_directory(folder)
    assert list(loaded) == ["x"]
    assert {stem: [str(e) for e in errs] for stem, errs in broken.items()} == {
        "broken": ["questionnaires/broken.yaml:3: invalid YAML: expected the node content,"
                   " but found '<stream end>'"],
        "wrong": ["questionnaires/wrong.yaml:1: id 'x' must equal the file name (expected 'wrong')"],
        "old": ["questionnaires/old.yml:1: questionnaire files must end in .yaml (rename to old.yaml)"],
    }


def test_load_directory__missing_directory__empty(tmp_path):
    assert load_directory(tmp_path / "nope") == ({}, {})


def test_yaml_anchors_and_aliases__refused_with_line(errors):
    text = doc("""\
- id: q1
  type: single_choice
  label: {cs: Q1}
  options: &ano_ne
    - {value: a, label: {cs: A}}
""")
    assert errors(text) == [f"{P}:12: YAML anchors and aliases (&ano_ne) are not allowed:"
                            " write the text out where it is used"]
    alias = doc(CHOICE) + "      - {id: q2, type: single_choice, label: {cs: Q2}, options: *ano_ne}\n"
    assert errors(alias) == [f"{P}:15: YAML anchors and aliases (*ano_ne) are not allowed:"
                             " write the text out where it is used"]


def test_yaml_merge_key_without_alias__still_works(load):
    text = doc("""\
- <<: {type: single_choice, label: {cs: Q2}}
  id: q2
  options:
    - {value: a, label: {cs: A}}
""")
    assert [o.value for o in load(text).question("q2").options] == ["a"]


def test_alias_bomb__519_kb_of_aliases__refused_fast(errors):
    import time
    label = "x" * 400
    lines = [f"big: &b {{cs: '{label}'}}"] + [f"k{i}: *b" for i in range(8000)]
    bomb = HEAD.replace("pages:", "\n".join(lines) + "\npages:") + "      - {id: q1, type: text, label: *b}\n"
    started = time.perf_counter()
    found = errors(bomb)
    assert found == [f"{P}:6: YAML anchors and aliases (&b) are not allowed: write the text out where it is used"]
    assert time.perf_counter() - started < 2


def test_expanded_size__over_the_bound__refused(errors, load, monkeypatch):
    import json
    size = len(json.dumps(load(doc(CHOICE)).to_dict(), ensure_ascii=False).encode())
    monkeypatch.setattr(loader, "MAX_JSON_BYTES", size - 1)
    assert errors(doc(CHOICE)) == [f"{P}:1: the questionnaire is too large: {size:,} bytes as JSON"
                                   f" (at most {size - 1:,})"]


@pytest.mark.parametrize("escape, code", [("\\uffff", "FFFF"), ("\\ufffe", "FFFE"), ("\\x00", "0000"),
                                          ("\\x0b", "000B"), ("\\ud800", "D800"), ("\\x1f", "001F")])
def test_text_with_unstorable_character__refused_with_line(errors, escape, code):
    text = doc(CHOICE.replace("{cs: Otázka, en: Question}", f'{{cs: "Ot{escape}ázka", en: Question}}'))
    assert errors(text) == [f"{P}:11: the text contains the character U+{code}, which cannot be stored: remove it"]


def test_text_with_rtl_mark_and_tab__accepted(load):
    q = load(doc(CHOICE.replace("{cs: Otázka, en: Question}", '{cs: "Ot\\u200fáz\\tka", en: Question}')))
    assert q.question("q1").label["cs"] == "Ot\u200fáz\tka"


# ---- property: any file content gives a Questionnaire or a QuestionnaireError --------------------

json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
    | st.sampled_from(["map", "single_choice", "yes", "q1", "#c0392b", "maps/janov.png", "{z}"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "type", "label", "cs", "options", "value", "show_if", "question", "equals",
                         "bounds", "basemap", "categories", "min", "max"]) | st.text(max_size=6), inner, max_size=4),
    max_leaves=12)


def _replace_somewhere(data, path, junk):
    """Replace the value at an index-path (modulo sizes) inside nested dicts/lists."""
    node = data
    for step in path[:-1]:
        children = list(node.values()) if isinstance(node, dict) else node
        child = children[step % len(children)] if children else None
        if not isinstance(child, (dict, list)) or not child:
            break
        node = child
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    if keys:
        node[keys[path[-1] % len(keys)]] = junk
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(path=st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=8), junk=json_like)
def test_load_text__any_mutation__questionnaire_or_error(folder, path, junk):
    data = _replace_somewhere(yaml.safe_load(doc(CHOICE + MAP)), path, junk)
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        return
    try:
        load_text(text, "fuzz.yaml")
    except QuestionnaireError as exc:
        assert exc.errors and all(e.line >= 1 for e in exc.errors)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_load_text__any_text__questionnaire_or_error(text):
    try:
        load_text(text, "fuzz.yaml")
    except QuestionnaireError as exc:
        assert exc.errors and all(e.line >= 1 for e in exc.errors)


# ---- translated messages (issue 14, item 8) -------------------------------------------------------

@pytest.mark.parametrize("text, czech", [
    (doc(CHOICE.replace("single_choice", "single_choise")),
     f"{P}:10: neznámý typ otázky 'single_choise' (myslíte 'single_choice'?)"),
    (doc(CHOICE).replace("audience:", "audiense: x\naudience:"),
     f"{P}:4: neznámý klíč 'audiense' (nejvyšší úroveň) (myslíte 'audience'?)"),
    (doc(CHOICE.replace("  label: {cs: Otázka, en: Question}\n", "")), f"{P}:9: chybí povinný klíč 'label' (otázka)"),
    (doc(MAP.replace('"https://t/{z}/{x}/{y}.png"', '"http://t/{z}/{x}/{y}.png"')),
     f"{P}:15: url dlaždic musí být prostá adresa https:// (server, případně port, cesta) obsahující {{z}}, {{x}}"
     " a {y}, např. https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    (doc(CHOICE + "- id: q1\n  type: text\n  label: {cs: B}\n"),
     f"{P}:15: id 'q1' je uvedeno dvakrát (poprvé na řádku 9)"),
])
def test_load_error__czech__translated_with_the_same_shape(folder, text, czech):
    path = folder / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    assert [e.text("cs") for e in caught.value.errors] == [czech]
    assert [e.text("en") for e in caught.value.errors] == [str(e) for e in caught.value.errors]


def test_load_error__message_without_template__stays_english_whole():
    from survey_app.questionnaire.checks import localise
    assert localise("zoom must be a whole number from 1 to 19 (found 'x')", "cs") == \
        "zoom must be a whole number from 1 to 19 (found 'x')"
    assert localise("unknown question type 'x' (did you mean 'text'?)", "en") == \
        "unknown question type 'x' (did you mean 'text'?)"
