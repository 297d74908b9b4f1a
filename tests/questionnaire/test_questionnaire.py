"""The questionnaire model: texts, the QUESTION_TYPES table, show_if and to_dict (no Flask)."""
import json

import pytest

from survey_app.responses.answers import AnswerError
from survey_app.questionnaire.loader import load_questionnaire
from survey_app.questionnaire.model import (LANGS, QUESTION_TYPES, Option, Page, Place, Question,
                                      Questionnaire, ShowIf, is_answered, is_visible, text,
                                      visible_questions)


def make(*questions, places=(), audience="adults"):
    """A one-page questionnaire built in Python (no YAML)."""
    return Questionnaire(id="t", version=1, title={"cs": "T"}, audience=audience,
                         places=list(places), end={"cs": "Konec"},
                         pages=[Page("p1", None, list(questions), 1)])


def choice(qid, *values, show_if=None, qtype="single_choice"):
    return Question(qid, qtype, {"cs": qid}, options=[Option(v, {"cs": v}) for v in values],
                    show_if=show_if)


# ---- texts ------------------------------------------------------------------------

def test_text__wanted_language__returned():
    assert text({"cs": "Ahoj", "en": "Hello"}, "en") == "Hello"


def test_text__missing_language__falls_back_to_czech():
    assert text({"cs": "Ahoj"}, "uk") == "Ahoj"


def test_text__none_or_empty__empty_string():
    assert text(None, "cs") == ""
    assert text({"en": "Hi"}, "cs") == ""


def test_langs__czech_first():
    assert LANGS == ("cs", "en")


@pytest.mark.parametrize("value, expected", [
    (None, False), ("", False), ([], False), ("x", True), (0, True), ([0], True), ({}, True), (False, True),
])
def test_is_answered__contract_empties(value, expected):
    assert is_answered(value) is expected


# ---- the type table ------------------------------------------------------------------

def test_question_types__one_entry_per_contract_type():
    assert set(QUESTION_TYPES) == {"single_choice", "multi_choice", "yes_no", "smiley", "scale", "number",
                                   "text", "textarea", "age_band", "place", "info", "map"}
    for name, qtype in QUESTION_TYPES.items():
        assert qtype.name == name
        assert qtype.options in ("required", "none")
        assert isinstance(qtype.allowed_keys, frozenset)


@pytest.mark.parametrize("name, options, keys, answers, multi", [
    ("single_choice", "required", {"options"}, True, False),
    ("multi_choice", "required", {"options", "min", "max"}, True, True),
    ("yes_no", "none", set(), True, False),
    ("smiley", "none", set(), True, False),
    ("scale", "none", {"min", "max"}, True, False),
    ("number", "none", {"min", "max"}, True, False),
    ("text", "none", {"max_length"}, True, False),
    ("textarea", "none", {"max_length"}, True, False),
    ("age_band", "required", {"options"}, True, False),
    ("place", "none", {"multiple", "min", "max"}, True, False),
    ("info", "none", set(), False, False),
    ("map", "none", {"categories", "feelings", "min_marks", "max_marks", "comment", "bounds", "center",
                     "zoom", "basemap"}, True, True),
])
def test_question_types__table_rows(name, options, keys, answers, multi):
    qtype = QUESTION_TYPES[name]
    assert (qtype.options, set(qtype.allowed_keys), qtype.answers, qtype.multi) == (options, keys, answers, multi)


def test_choice_values__per_type():
    places = [Place("janov", {"cs": "Janov"}), Place("centrum", {"cs": "Centrum"})]
    questionnaire = make(places=places)
    single = choice("q", "a", "b")
    assert QUESTION_TYPES["single_choice"].choice_values(single, questionnaire) == ["a", "b"]
    assert QUESTION_TYPES["age_band"].choice_values(choice("q", "8-11"), questionnaire) == ["8-11"]
    assert QUESTION_TYPES["yes_no"].choice_values(Question("q", "yes_no", {}), questionnaire) == ["yes", "no"]
    assert QUESTION_TYPES["smiley"].choice_values(Question("q", "smiley", {}), questionnaire) == [1, 2, 3, 4, 5]
    assert QUESTION_TYPES["place"].choice_values(Question("q", "place", {}), questionnaire) == ["janov", "centrum"]
    for name in ("scale", "number", "text", "textarea", "info", "map"):
        assert QUESTION_TYPES[name].choice_values(Question("q", name, {}), questionnaire) is None


def test_builtin_labels__yes_no_and_smiley_in_czech_and_english():
    yes_no = QUESTION_TYPES["yes_no"].builtin_options
    assert [(o.value, o.label) for o in yes_no] == [("yes", {"cs": "Ano", "en": "Yes", "uk": "Так"}),
                                                    ("no", {"cs": "Ne", "en": "No", "uk": "Ні"})]
    smileys = QUESTION_TYPES["smiley"].builtin_options
    assert [text(o.label, "cs") for o in smileys] == ["Velmi špatně", "Špatně", "Tak napůl", "Dobře", "Velmi dobře"]
    assert [text(o.label, "uk") for o in smileys] == ["Дуже погано", "Погано", "Так собі", "Добре", "Дуже добре"]
    assert [text(o.label, "en") for o in smileys] == ["Very bad", "Bad", "So-so", "Good", "Very good"]


def test_is_multi__place_follows_multiple():
    place = QUESTION_TYPES["place"]
    assert place.is_multi(Question("q", "place", {}, multiple=True)) is True
    assert place.is_multi(Question("q", "place", {}, multiple=False)) is False
    assert QUESTION_TYPES["multi_choice"].is_multi(Question("q", "multi_choice", {})) is True


def test_normalise__raises_answer_error_with_code():
    with pytest.raises(AnswerError) as caught:
        QUESTION_TYPES["yes_no"].normalise(Question("q", "yes_no", {}), "maybe", make())
    assert caught.value.code == "not_an_option"


# ---- show_if --------------------------------------------------------------------------

def test_is_visible__no_condition__visible():
    question = choice("q1", "a")
    assert is_visible(question, {}, make(question))


@pytest.mark.parametrize("answer, visible", [("a", True), ("b", False), (None, False)])
def test_is_visible__equals(answer, visible):
    q1, q2 = choice("q1", "a", "b"), choice("q2", "x", show_if=ShowIf("q1", "equals", "a"))
    assert is_visible(q2, {"q1": answer}, make(q1, q2)) is visible


@pytest.mark.parametrize("answer, visible", [(["b", "a"], True), (["b"], False), ([], False)])
def test_is_visible__equals_on_list_answer__contains(answer, visible):
    q1 = choice("q1", "a", "b", qtype="multi_choice")
    q2 = choice("q2", "x", show_if=ShowIf("q1", "equals", "a"))
    assert is_visible(q2, {"q1": answer}, make(q1, q2)) is visible


@pytest.mark.parametrize("answer, visible", [("a", True), ("c", True), ("b", False),
                                             (["b", "c"], True), (["b"], False)])
def test_is_visible__any_of(answer, visible):
    q1 = choice("q1", "a", "b", "c")
    q2 = choice("q2", "x", show_if=ShowIf("q1", "any_of", ["a", "c"]))
    assert is_visible(q2, {"q1": answer}, make(q1, q2)) is visible


@pytest.mark.parametrize("answer, wanted, visible", [
    ("a", True, True), (None, True, False), ("", True, False), ([], True, False),
    ("a", False, False), (None, False, True),
])
def test_is_visible__answered(answer, wanted, visible):
    q1, q2 = choice("q1", "a"), choice("q2", "x", show_if=ShowIf("q1", "answered", wanted))
    assert is_visible(q2, {"q1": answer}, make(q1, q2)) is visible


def test_is_visible__condition_on_hidden_question__hidden_even_if_answer_matches():
    q1 = choice("q1", "a", "b")
    q2 = choice("q2", "x", "y", show_if=ShowIf("q1", "equals", "a"))
    q3 = choice("q3", "z", show_if=ShowIf("q2", "equals", "x"))
    questionnaire = make(q1, q2, q3)
    assert is_visible(q3, {"q1": "a", "q2": "x"}, questionnaire)
    assert not is_visible(q3, {"q1": "b", "q2": "x"}, questionnaire)  # q2 hidden: its stale answer counts not


def test_is_visible__answered_false_on_hidden_question__visible():
    q1 = choice("q1", "a", "b")
    q2 = choice("q2", "x", show_if=ShowIf("q1", "equals", "a"))
    q3 = choice("q3", "z", show_if=ShowIf("q2", "answered", False))
    questionnaire = make(q1, q2, q3)
    assert is_visible(q3, {"q1": "b", "q2": "x"}, questionnaire)
    assert not is_visible(q3, {"q1": "a", "q2": "x"}, questionnaire)


def test_is_visible__bool_answer_does_not_equal_number():
    q1 = Question("q1", "smiley", {"cs": "S"})
    q2 = choice("q2", "x", show_if=ShowIf("q1", "equals", 1))
    assert not is_visible(q2, {"q1": True}, make(q1, q2))
    assert is_visible(q2, {"q1": 1}, make(q1, q2))


def test_is_visible__cycle_in_hand_built_questionnaire__hidden_not_recursion_error():
    q1 = choice("q1", "a", show_if=ShowIf("q2", "equals", "a"))
    q2 = choice("q2", "a", show_if=ShowIf("q1", "equals", "a"))
    assert not is_visible(q1, {"q1": "a", "q2": "a"}, make(q1, q2))


def test_visible_questions__in_order_hidden_left_out():
    q1 = choice("q1", "a", "b")
    q2 = choice("q2", "x", show_if=ShowIf("q1", "equals", "a"))
    info = Question("i", "info", {"cs": "Info"})
    questionnaire = make(q1, q2, info)
    assert [q.id for q in visible_questions(questionnaire, {"q1": "b"})] == ["q1", "i"]
    assert [q.id for q in visible_questions(questionnaire, {"q1": "a"})] == ["q1", "q2", "i"]


# ---- lookups and to_dict --------------------------------------------------------------

def test_lookups__question_place_children():
    places = [Place("janov", {"cs": "Janov"})]
    q1 = choice("q1", "a")
    questionnaire = make(q1, places=places, audience="children")
    assert questionnaire.question("q1") is q1
    assert questionnaire.question("nope") is None
    assert questionnaire.question(["unhashable"]) is None
    assert questionnaire.place("janov") is places[0]
    assert questionnaire.place("nope") is None
    assert questionnaire.is_children
    assert not make().is_children


YAML = """\
id: ukazka
version: 3
title: {cs: Ukázka, en: Sample}
audience: adults
places:
  - {id: janov, label: {cs: Janov}, polygon: [[50.6, 13.6], [50.61, 13.6], [50.61, 13.61]]}
end: {cs: Díky, en: Thanks}
pages:
  - id: p1
    title: {cs: Strana}
    questions:
      - {id: vek, type: age_band, label: {cs: Věk}, options: [{value: 8-11, label: {cs: 8–11}}]}
      - {id: ano, type: yes_no, label: {cs: "Ano?"}, show_if: {question: vek, equals: 8-11}}
      - id: mapa
        type: map
        label: {cs: Mapa}
        categories: [{value: drogy, label: {cs: Drogy}, colour: "#C0392B"}]
        bounds: [[50.5, 13.5], [50.7, 13.7]]
        basemap: {type: tiles, url: "https://t/{z}/{x}/{y}.png", attribution: OSM}
"""


def test_to_dict__full_structure_json_serialisable(tmp_path):
    path = tmp_path / "ukazka.yaml"
    path.write_text(YAML, encoding="utf-8")
    data = load_questionnaire(path).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert {k: data[k] for k in ("id", "version", "audience", "one_question_per_page", "intro", "contact")} == {
        "id": "ukazka", "version": 3, "audience": "adults", "one_question_per_page": False,
        "intro": None, "contact": None}
    assert data["places"] == [{"id": "janov", "label": {"cs": "Janov"},
                               "polygon": [[50.6, 13.6], [50.61, 13.6], [50.61, 13.61]]}]
    page = data["pages"][0]
    assert (page["id"], page["title"]) == ("p1", {"cs": "Strana"})
    vek, ano, mapa = page["questions"]
    assert vek["options"] == [{"value": "8-11", "label": {"cs": "8–11"}, "icon": None}]
    assert ano["show_if"] == {"question": "vek", "equals": "8-11"}
    assert ano["choices"] == [{"value": "yes", "label": {"cs": "Ano", "en": "Yes", "uk": "Так"}, "icon": "yes"},
                              {"value": "no", "label": {"cs": "Ne", "en": "No", "uk": "Ні"}, "icon": "no"}]
    assert mapa["config"] == {
        "categories": [{"value": "drogy", "label": {"cs": "Drogy"}, "icon": None, "colour": "#c0392b"}],
        "feelings": [], "comment": "off", "min_marks": 0, "max_marks": 5,
        "bounds": [[50.5, 13.5], [50.7, 13.7]], "center": [50.6, 13.6], "zoom": 15,
        "basemap": {"type": "tiles", "url": "https://t/{z}/{x}/{y}.png", "attribution": "OSM"},
    }
    assert "choices" not in mapa


def test_to_dict__does_not_share_state_with_model(tmp_path):
    path = tmp_path / "ukazka.yaml"
    path.write_text(YAML, encoding="utf-8")
    questionnaire = load_questionnaire(path)
    data = questionnaire.to_dict()
    data["pages"][0]["questions"][2]["config"]["bounds"][0][0] = 0
    assert questionnaire.question("mapa").config["bounds"][0][0] == 50.5
