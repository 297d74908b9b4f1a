"""Answer validation: every type, show_if, `only`, map marks, form parsing, messages (no Flask)."""
import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey_app.responses.answers import AnswerError, InvalidAnswers, validate_answers
from survey_app.questionnaire.loader import load_questionnaire
from survey_app.responses.messages import MESSAGES, message
from survey_app.questionnaire.model import QUESTION_TYPES

ALL_TYPES = """\
id: vse
version: 1
title: {cs: Všechny typy, en: All types}
audience: adults
places:
  - {id: janov, label: {cs: Janov}}
  - {id: centrum, label: {cs: Centrum}}
  - {id: zaluzi, label: {cs: Záluží}}
end: {cs: Díky, en: Thanks}
pages:
  - id: p1
    questions:
      - {id: jedna, type: single_choice, required: true, label: {cs: J},
         options: [{value: a, label: {cs: A}}, {value: b, label: {cs: B}}]}
      - {id: vice, type: multi_choice, min: 2, max: 3, label: {cs: V},
         options: [{value: a, label: {cs: A}}, {value: b, label: {cs: B}},
                   {value: c, label: {cs: C}}, {value: d, label: {cs: D}}]}
      - {id: ano, type: yes_no, label: {cs: A}}
      - {id: smajl, type: smiley, label: {cs: S}}
      - {id: skala, type: scale, min: 0, max: 10, label: {cs: S}}
      - {id: skala5, type: scale, label: {cs: S}}
      - {id: cislo, type: number, min: 0, max: 120, label: {cs: C}}
      - {id: volne, type: number, label: {cs: C}}
      - {id: odspodu, type: number, min: 1.5, label: {cs: C}}
      - {id: kratky, type: text, max_length: 10, label: {cs: T}}
      - {id: dlouhy, type: textarea, label: {cs: T}}
      - {id: vek, type: age_band, label: {cs: V},
         options: [{value: 8-11, label: {cs: 8–11}}, {value: 12-14, label: {cs: 12–14}}]}
      - {id: misto, type: place, label: {cs: M}}
      - {id: mista, type: place, multiple: true, max: 2, label: {cs: M}}
      - {id: info, type: info, label: {cs: I}}
  - id: p2
    questions:
      - {id: proc, type: text, required: true, label: {cs: P}, show_if: {question: ano, equals: "yes"}}
      - {id: detail, type: text, label: {cs: D}, show_if: {question: proc, answered: true}}
      - {id: nic, type: text, label: {cs: N}, show_if: {question: proc, answered: false}}
      - {id: smutny, type: text, label: {cs: S}, show_if: {question: smajl, any_of: [1, 2]}}
      - id: mapa
        type: map
        label: {cs: Mapa}
        categories: [{value: drogy, label: {cs: Drogy}}, {value: tma, label: {cs: Tma}}]
        feelings: [unsafe, safe]
        comment: optional
        min_marks: 2
        max_marks: 3
        bounds: [[50.5, 13.5], [50.7, 13.7]]
        basemap: {type: tiles, url: "https://t/{z}/{x}/{y}.png", attribution: OSM}
      - id: mapa2
        type: map
        required: true
        label: {cs: Mapa 2}
        categories: [{value: drogy, label: {cs: Drogy}}]
        bounds: [[50.5, 13.5], [50.7, 13.7]]
        basemap: {type: tiles, url: "https://t/{z}/{x}/{y}.png", attribution: OSM}
"""

MARK = {"lat": 50.6, "lon": 13.6, "category": "drogy", "feeling": "unsafe"}
MARK2 = {"lat": 50.6, "lon": 13.6, "category": "drogy"}
BASE = {"jedna": "a", "mapa2": [MARK2]}


@pytest.fixture(scope="module")
def q(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "vse.yaml"
    path.write_text(ALL_TYPES, encoding="utf-8")
    return load_questionnaire(path)


def errors_of(q, answers, **kwargs):
    """{question id: (code, params)} of the InvalidAnswers raised."""
    with pytest.raises(InvalidAnswers) as caught:
        validate_answers(q, answers, **kwargs)
    return {qid: (e.code, e.params) for qid, e in caught.value.errors.items()}


# ---- every type, good values ---------------------------------------------------------------

@pytest.mark.parametrize("qid, value, stored", [
    ("jedna", "b", "b"),
    ("vice", ["c", "a", "c"], ["a", "c"]),
    ("ano", "no", "no"),
    ("smajl", 5, 5),
    ("smajl", 3.0, 3),
    ("skala", 0, 0),
    ("skala", 10, 10),
    ("skala", 7.0, 7),
    ("skala5", 5, 5),
    ("cislo", 36.6, 36.6),
    ("cislo", 42.0, 42),
    ("cislo", 120, 120),
    ("volne", -1e300, -1e300),
    ("volne", 10 ** 30, 10 ** 30),
    ("odspodu", 1.5, 1.5),
    ("kratky", "  ahoj  ", "ahoj"),
    ("kratky", "a\r\nb", "a\nb"),
    ("kratky", "e\u0301", "é"),
    ("kratky", "a\x00b\x1bc", "abc"),
    ("dlouhy", "x" * 2000, "x" * 2000),
    ("vek", "8-11", "8-11"),
    ("misto", "janov", "janov"),
    ("mista", ["zaluzi", "janov"], ["janov", "zaluzi"]),
])
def test_validate__good_value__stored_normalised(q, qid, value, stored):
    result = validate_answers(q, {**BASE, qid: value})
    assert result[qid] == stored
    assert type(result[qid]) is type(stored)


@pytest.mark.parametrize("empty", [None, "", []])
def test_validate__empty_answer__left_out(q, empty):
    assert validate_answers(q, {**BASE, "kratky": empty, "vice": empty, "cislo": empty}) == BASE


def test_validate__whitespace_text__not_answered(q):
    assert "kratky" not in validate_answers(q, {**BASE, "kratky": "   "})


# ---- every type, bad values --------------------------------------------------------------

NAN, INF = float("nan"), float("inf")


@pytest.mark.parametrize("qid, value, code, params", [
    ("jedna", "c", "not_an_option", {}),
    ("jedna", 1, "not_an_option", {}),
    ("jedna", True, "not_an_option", {}),
    ("jedna", ["a"], "not_an_option", {}),
    ("jedna", {"a": 1}, "not_an_option", {}),
    ("vice", "a", "not_a_list", {}),
    ("vice", ["a", "x"], "not_an_option", {}),
    ("vice", [["a"], "b"], "not_an_option", {}),
    ("vice", ["a"], "too_few", {"min": 2}),
    ("vice", ["a", "a"], "too_few", {"min": 2}),
    ("vice", ["a", "b", "c", "d"], "too_many", {"max": 3}),
    ("ano", True, "not_an_option", {}),
    ("ano", "ano", "not_an_option", {}),
    ("smajl", 0, "not_an_option", {}),
    ("smajl", 6, "not_an_option", {}),
    ("smajl", "3", "not_an_option", {}),
    ("smajl", True, "not_an_option", {}),
    ("smajl", 2.5, "not_an_option", {}),
    ("skala", 11, "out_of_range", {"min": 0, "max": 10}),
    ("skala", -1, "out_of_range", {"min": 0, "max": 10}),
    ("skala", 10 ** 400, "out_of_range", {"min": 0, "max": 10}),
    ("skala5", 6, "out_of_range", {"min": 1, "max": 5}),
    ("skala", 2.5, "not_an_integer", {}),
    ("skala", "5", "not_a_number", {}),
    ("skala", True, "not_a_number", {}),
    ("skala", NAN, "not_a_number", {}),
    ("cislo", 121, "out_of_range", {"min": 0, "max": 120}),
    ("cislo", -0.5, "out_of_range", {"min": 0, "max": 120}),
    ("cislo", "42", "not_a_number", {}),
    ("cislo", False, "not_a_number", {}),
    ("cislo", NAN, "not_a_number", {}),
    ("volne", INF, "not_a_number", {}),
    ("volne", -INF, "not_a_number", {}),
    ("volne", [1], "not_a_number", {}),
    ("odspodu", 1, "number_too_small", {"min": 1.5}),
    ("kratky", 5, "not_a_string", {}),
    ("kratky", ["a"], "not_a_string", {}),
    ("kratky", "x" * 11, "too_long", {"max": 10}),
    ("dlouhy", "x" * 2001, "too_long", {"max": 2000}),
    ("vek", "8–11", "not_an_option", {}),
    ("misto", ["janov"], "not_an_option", {}),
    ("misto", "praha", "not_an_option", {}),
    ("mista", "janov", "not_a_list", {}),
    ("mista", ["janov", "centrum", "zaluzi"], "too_many", {"max": 2}),
])
def test_validate__bad_value__error_code(q, qid, value, code, params):
    assert errors_of(q, {**BASE, qid: value}) == {qid: (code, params)}


def test_validate__required_missing__required(q):
    assert errors_of(q, {"mapa2": [MARK2]}) == {"jedna": ("required", {})}


def test_validate__map_required__needs_one_mark(q):
    assert errors_of(q, {"jedna": "a", "mapa2": []}) == {"mapa2": ("required", {})}


def test_validate__unknown_question__refused(q):
    assert errors_of(q, {**BASE, "nope": 1, "": 2}) == {"nope": ("unknown_question", {}),
                                                         "": ("unknown_question", {})}


def test_validate__answer_to_info__refused(q):
    assert errors_of(q, {**BASE, "info": "ok"}) == {"info": ("info_no_answer", {})}
    assert "info" not in validate_answers(q, {**BASE, "info": None})


def test_validate__every_error_collected(q):
    errors = errors_of(q, {"vice": "a", "ano": "no", "proc": "x", "nope": 1, "mapa2": [MARK2]})
    assert errors == {"nope": ("unknown_question", {}), "jedna": ("required", {}),
                      "vice": ("not_a_list", {}), "proc": ("hidden", {})}


def test_validate__not_an_object__general_error(q):
    assert errors_of(q, ["jedna"]) == {"__all__": ("not_an_object", {})}


def test_invalid_answers__messages_in_both_languages(q):
    with pytest.raises(InvalidAnswers) as caught:
        validate_answers(q, {**BASE, "kratky": "x" * 11, "jedna": None}, lang="en")
    assert caught.value.messages() == {"jedna": "Please answer this question.",
                                       "kratky": "The text is too long (at most 10 characters)."}
    # The web layer hands in its pgettext; the audience is its context.
    assert caught.value.messages("cs", "adults", lambda context, text: f"[{context}] {text}") == {
        "jedna": "[adults] Please answer this question.",
        "kratky": "[adults] The text is too long (at most 10 characters)."}
    assert str(caught.value) == "invalid answers: jedna: required, kratky: too_long"


# ---- show_if ---------------------------------------------------------------------------------

def test_show_if__equals_met__required_applies(q):
    assert errors_of(q, {**BASE, "ano": "yes"}) == {"proc": ("required", {})}
    assert errors_of(q, {**BASE, "ano": "yes", "proc": "   "}) == {"proc": ("required", {})}
    assert validate_answers(q, {**BASE, "ano": "yes", "proc": "tma"})["proc"] == "tma"


def test_show_if__equals_not_met__hidden_not_required_and_not_answerable(q):
    assert validate_answers(q, {**BASE, "ano": "no"}) == {**BASE, "ano": "no"}
    assert errors_of(q, {**BASE, "ano": "no", "proc": "x"}) == {"proc": ("hidden", {})}
    assert errors_of(q, {**BASE, "proc": "x"}) == {"proc": ("hidden", {})}


def test_show_if__hidden_question_with_empty_answer__fine(q):
    assert validate_answers(q, {**BASE, "ano": "no", "proc": "", "smutny": None}) == {**BASE, "ano": "no"}


def test_show_if__answered(q):
    shown = {**BASE, "ano": "yes", "proc": "x"}
    assert validate_answers(q, {**shown, "detail": "d"})["detail"] == "d"
    assert errors_of(q, {**shown, "nic": "n"}) == {"nic": ("hidden", {})}


def test_show_if__chain_through_hidden_question(q):
    # proc is hidden (ano = no), so detail (answered: true) is hidden and nic (answered: false) shown.
    assert errors_of(q, {**BASE, "ano": "no", "detail": "d"}) == {"detail": ("hidden", {})}
    assert validate_answers(q, {**BASE, "ano": "no", "nic": "n"})["nic"] == "n"


@pytest.mark.parametrize("smiley, shown", [(1, True), (2.0, True), (3, False), (None, False)])
def test_show_if__any_of_uses_normalised_answer(q, smiley, shown):
    answers = {**BASE, "smajl": smiley, "smutny": "s"}
    if shown:
        assert validate_answers(q, answers)["smutny"] == "s"
    else:
        assert errors_of(q, answers) == {"smutny": ("hidden", {})}


def test_show_if__invalid_earlier_answer__counts_as_unanswered(q):
    assert errors_of(q, {**BASE, "smajl": "1", "smutny": "s"}) == {"smajl": ("not_an_option", {}),
                                                                   "smutny": ("hidden", {})}


# ---- only (one form screen) -----------------------------------------------------------------

def test_only__required_checked_for_listed_questions_only(q):
    assert errors_of(q, {"ano": "yes"}, only=["ano", "proc"]) == {"proc": ("required", {})}
    assert validate_answers(q, {"ano": "no"}, only=["ano", "proc"]) == {"ano": "no"}


def test_only__returns_listed_questions_and_ignores_others_values(q):
    answers = {"kratky": " x ", "vice": "bad", "jedna": "a"}
    assert validate_answers(q, answers, only=["kratky"]) == {"kratky": "x"}


def test_only__unknown_and_hidden_keys_still_refused(q):
    assert errors_of(q, {"nope": 1}, only=["kratky"]) == {"nope": ("unknown_question", {})}
    assert errors_of(q, {"ano": "no", "proc": "x"}, only=["ano"]) == {"proc": ("hidden", {})}
    assert errors_of(q, {}, only=["nope"]) == {"nope": ("unknown_question", {})}


def test_only__visibility_from_earlier_screens(q):
    assert validate_answers(q, {"ano": "yes", "proc": "x"}, only=["proc"]) == {"proc": "x"}


# ---- map marks -------------------------------------------------------------------------------

def marks_error(q, marks, qid="mapa"):
    return errors_of(q, {**BASE, qid: marks})[qid]


def test_map__good_marks__normalised(q):
    marks = [{"lat": 50.1234567 + 0.5, "lon": 13.6, "category": "tma", "feeling": "safe", "comment": "  Tma \r\n"},
             {"feeling": "unsafe", "category": "drogy", "lon": 13.55, "lat": 50.55, "comment": ""}]
    assert validate_answers(q, {**BASE, "mapa": marks})["mapa"] == [
        {"lat": 50.623457, "lon": 13.6, "category": "tma", "feeling": "safe", "comment": "Tma"},
        {"lat": 50.55, "lon": 13.55, "category": "drogy", "feeling": "unsafe"},
    ]


def test_map__bounds_are_inclusive(q):
    marks = [{**MARK, "lat": 50.5, "lon": 13.5}, {**MARK, "lat": 50.7, "lon": 13.7}]
    assert len(validate_answers(q, {**BASE, "mapa": marks})["mapa"]) == 2


@pytest.mark.parametrize("bad, code", [
    (1, "mark_not_object"),
    ([MARK], "mark_not_object"),
    ({**MARK, "lat": "50.6"}, "mark_bad_coordinates"),
    ({**MARK, "lat": True}, "mark_bad_coordinates"),
    ({**MARK, "lon": NAN}, "mark_bad_coordinates"),
    ({**MARK, "lon": INF}, "mark_bad_coordinates"),
    ({**MARK, "lat": 95}, "mark_bad_coordinates"),
    ({**MARK, "lat": 10 ** 400}, "mark_bad_coordinates"),
    ({k: v for k, v in MARK.items() if k != "lon"}, "mark_bad_coordinates"),
    ({**MARK, "lat": 50.8}, "mark_out_of_bounds"),
    ({**MARK, "lon": 13.4}, "mark_out_of_bounds"),
    ({**MARK, "category": "x"}, "mark_unknown_category"),
    ({**MARK, "category": ["drogy"]}, "mark_unknown_category"),
    ({k: v for k, v in MARK.items() if k != "category"}, "mark_unknown_category"),
    ({k: v for k, v in MARK.items() if k != "feeling"}, "mark_feeling_required"),
    ({**MARK, "feeling": "scared"}, "mark_unknown_feeling"),
    ({**MARK, "comment": 5}, "mark_comment_not_text"),
    ({**MARK, "colour": "red"}, "mark_unknown_key"),
    ({"place": "praha"}, "mark_unknown_place"),
    ({"place": "janov", "lat": 50.6}, "mark_unknown_key"),
])
def test_map__bad_mark__error_code_with_index(q, bad, code):
    error = marks_error(q, [MARK, bad])
    assert error[0] == code
    assert error[1]["index"] == 2


def test_map__comment_too_long__refused(q):
    assert marks_error(q, [MARK, {**MARK, "comment": "x" * 281}]) == (
        "mark_comment_too_long", {"index": 2, "max": 280})
    assert validate_answers(q, {**BASE, "mapa": [MARK, {**MARK, "comment": "x" * 280}]})


def test_map__unknown_key_named_in_message(q):
    error = errors_of(q, {**BASE, "mapa": [MARK, {**MARK, "colour": "red"}]})["mapa"]
    assert message(error[0], **error[1]) == "A mark contains an unknown field 'colour'."


def test_map__mark_count(q):
    assert marks_error(q, [MARK] * 4) == ("too_many_marks", {"max": 3})
    assert marks_error(q, [MARK]) == ("too_few_marks", {"min": 2})
    assert marks_error(q, "[]") == ("not_a_list", {})
    assert marks_error(q, {"lat": 1}) == ("not_a_list", {})


def test_map__without_feelings_or_comments__both_refused(q):
    assert marks_error(q, [{**MARK2, "feeling": "safe"}], "mapa2") == ("mark_unknown_feeling", {"index": 1})
    assert marks_error(q, [{**MARK2, "comment": "x"}], "mapa2") == ("mark_comment_not_allowed", {"index": 1})
    assert validate_answers(q, {**BASE, "mapa2": [{**MARK2, "comment": "", "feeling": None}]})["mapa2"] == [MARK2]


def test_map__place_marks_from_list_fallback(q):
    marks = [{"place": "janov"}, {"place": "centrum", "category": "tma", "feeling": "safe"}]
    assert validate_answers(q, {**BASE, "mapa": marks})["mapa"] == marks


# ---- HTML form parsing ------------------------------------------------------------------------

def parse(q, qid, form):
    question = q.question(qid)
    return QUESTION_TYPES[question.type].parse_form(question, lambda name: form.get(name, []))


@pytest.mark.parametrize("qid, form, raw", [
    ("jedna", {"jedna": ["a"]}, "a"),
    ("jedna", {"jedna": ["  ", "b"]}, "b"),
    ("jedna", {}, None),
    ("vice", {"vice": ["a", "", "c"]}, ["a", "c"]),
    ("vice", {"vice": []}, None),
    ("ano", {"ano": ["yes"]}, "yes"),
    ("smajl", {"smajl": ["3"]}, 3),
    ("smajl", {"smajl": ["x"]}, "x"),
    ("skala", {"skala": ["10"]}, 10),
    ("cislo", {"cislo": ["1,5"]}, 1.5),
    ("cislo", {"cislo": ["1 000"]}, 1000),
    ("cislo", {"cislo": ["42.0"]}, 42),
    ("cislo", {"cislo": ["abc"]}, "abc"),
    ("cislo", {"cislo": [""]}, None),
    ("kratky", {"kratky": ["  hi  "]}, "  hi  "),
    ("kratky", {"kratky": ["   "]}, None),
    ("vek", {"vek": ["8-11"]}, "8-11"),
    ("misto", {"misto": ["janov"]}, "janov"),
    ("mista", {"mista": ["janov", "centrum"]}, ["janov", "centrum"]),
    ("info", {"info": ["x"]}, None),
    ("mapa", {"mapa": [json.dumps([MARK])]}, [MARK]),
    ("mapa", {"mapa": ["[]"]}, None),
    ("mapa", {"mapa": ["not json"]}, "not json"),
    ("mapa", {"mapa": ['{"lat": 1}']}, {"lat": 1}),
    ("mapa", {"mapa": ["[" * 100000]}, "[" * 100000),
    ("mapa", {"mapa": ["[]"], "mapa__place": ["janov", "janov"]}, [{"place": "janov"}]),
    ("mapa", {"mapa": [json.dumps([MARK, {"place": "janov", "category": "tma"}, {"place": "zaluzi"}])],
              "mapa__place": ["janov", "centrum"]},
     [MARK, {"place": "janov", "category": "tma"}, {"place": "centrum"}]),
])
def test_parse_form__per_type(q, qid, form, raw):
    assert parse(q, qid, form) == raw


@pytest.mark.parametrize("posted", ["nan", "inf", "-Infinity", "9" * 5000])
def test_parse_form__not_finite__refused_by_normaliser(q, posted):
    raw = parse(q, "volne", {"volne": [posted]})
    assert isinstance(raw, float) and not math.isfinite(raw)
    assert errors_of(q, {**BASE, "volne": raw}) == {"volne": ("not_a_number", {})}


def test_parse_form__then_validate__form_round_trip(q):
    form = {"jedna": ["a"], "vice": ["a", "b"], "smajl": ["2"], "cislo": ["36,6"], "kratky": [" ok "],
            "mapa2": [json.dumps([MARK2])]}
    raw = {question.id: parse(q, question.id, form) for question in q.questions}
    assert validate_answers(q, raw) == {"jedna": "a", "vice": ["a", "b"], "smajl": 2, "cislo": 36.6,
                                        "kratky": "ok", "mapa2": [MARK2]}


# ---- the message catalogue -------------------------------------------------------------------

REQUIRED_CODES = {"required", "not_an_option", "not_a_list", "too_many", "too_few", "not_a_number",
                  "out_of_range", "too_long", "not_a_string", "hidden", "unknown_question", "info_no_answer",
                  "mark_not_object", "mark_bad_coordinates", "mark_out_of_bounds", "mark_unknown_category",
                  "mark_unknown_feeling", "mark_feeling_required", "mark_comment_not_allowed",
                  "mark_comment_too_long", "too_many_marks", "too_few_marks", "mark_unknown_key",
                  "nothing_answered"}


def test_messages__required_codes_present_for_both_audiences_with_the_same_msgid():
    assert REQUIRED_CODES <= set(MESSAGES)
    for code, texts in MESSAGES.items():
        assert set(texts) == {"children", "adults"}, code
        assert texts["children"] == texts["adults"], code


def test_messages__every_code_raised_in_the_code_is_catalogued():
    package = Path(__file__).parents[2] / "survey_app"
    raised = set()
    for path in package.rglob("*.py"):
        raised |= set(re.findall(r'AnswerError\("(\w+)"', path.read_text(encoding="utf-8")))
    assert raised and raised <= set(MESSAGES)


def test_message__marked_for_extraction_under_both_contexts():
    from babel.messages.extract import extract_from_file
    path = Path(__file__).parents[2] / "survey_app" / "responses" / "messages.py"
    found = {(context, text) for _line, text, _comments, context in extract_from_file("python", str(path))}
    expected = {(audience, texts[audience]) for texts in MESSAGES.values() for audience in texts}
    assert found == expected


@pytest.mark.parametrize("code, lang, params, expected", [
    ("required", "en", {}, "Please answer this question."),
    ("too_long", "en", {"max": 200}, "The text is too long (at most 200 characters)."),
    ("out_of_range", "en", {"min": 0.5, "max": 10}, "Please enter a number from 0.5 to 10."),
    ("out_of_range", "cs", {"min": 0.5, "max": 10}, "Please enter a number from 0.5 to 10."),  # untranslated: English numbers
    ("mark_out_of_bounds", "en", {"index": 1}, "A mark is outside the map."),
    ("too_many_marks", "en", {"max": 3}, "Too many marks (at most 3)."),
    ("too_long", "en", {}, "The text is too long (at most {max} characters)."),
])
def test_message__formatted(code, lang, params, expected):
    assert message(code, lang, **params) == expected


def test_message__translated__context_is_the_audience_and_czech_decimal_comma():
    seen = []

    def translate(context, text):
        seen.append((context, text))
        return "Zadejte číslo od {min} do {max}."
    assert message("out_of_range", "cs", "adults", translate, min=0.5, max=10) == "Zadejte číslo od 0,5 do 10."
    assert seen == [("adults", "Please enter a number from {min} to {max}.")]


def test_answer_error__carries_code_params_and_message():
    error = AnswerError("too_few", min=2)
    assert (error.code, error.params) == ("too_few", {"min": 2})
    assert error.message("en") == "Too few choices (at least 2)."
    assert error.message("cs", "children", lambda context, text: context) == "children"


# ---- property: any JSON-like input gives InvalidAnswers or a clean dict ---------------------

QIDS = ["jedna", "vice", "ano", "smajl", "skala", "skala5", "cislo", "volne", "odspodu", "kratky", "dlouhy",
        "vek", "misto", "mista", "info", "proc", "detail", "nic", "smutny", "mapa", "mapa2"]
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
           | st.sampled_from(["a", "b", "yes", "no", "janov", "8-11", "drogy", "safe", "unsafe", 1, 2, 3, 5,
                              10 ** 400, -(10 ** 400), NAN, INF, -INF, 50.6, 13.6, ""]))
# Small key alphabets: arbitrary text keys mostly collide and make generation slow, not smarter.
inner_keys = st.sampled_from(["lat", "lon", "category", "feeling", "comment", "place", "x", ""])
json_like = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5)
                         | st.dictionaries(inner_keys, inner, max_size=5), max_leaves=8)
marks = st.lists(st.dictionaries(inner_keys, scalars, max_size=6), max_size=4)
answers_st = st.dictionaries(st.sampled_from(QIDS + ["nope", "", "Jedna"]), scalars | json_like | marks, max_size=8)


VALID = {"jedna": "a", "vice": ["a", "b"], "ano": "yes", "smajl": 2, "skala": 3, "cislo": 4.5, "kratky": "k",
         "vek": "8-11", "mista": ["janov"], "proc": "p", "detail": "d", "smutny": "s", "mapa": [MARK, MARK],
         "mapa2": [MARK2]}
# Mostly valid submissions with a few junk values, so that the accepting path is fuzzed too.
near_valid = st.dictionaries(st.sampled_from(QIDS), scalars | json_like | marks, max_size=2).map(
    lambda junk: {**VALID, **junk})


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answers_st | json_like | near_valid)
def test_validate__any_json_like_input__invalid_answers_or_clean_dict(q, answers):
    try:
        result = validate_answers(q, answers)
    except InvalidAnswers as exc:
        assert exc.errors and all(isinstance(e, AnswerError) and e.code in MESSAGES for e in exc.errors.values())
        exc.messages("cs"), exc.messages("en")
        return
    assert isinstance(result, dict)
    json.dumps(result, allow_nan=False)
    assert validate_answers(q, result) == result  # normalising twice changes nothing
