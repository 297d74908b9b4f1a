"""The one question-type table (questionnaire/model.py QUESTION_TYPES): every type
declares every part, the table is read-only, and the rooms that once kept their own
per-type tables (columns, demo answers, summary kinds, widgets) read it instead."""
import dataclasses
import random
import re
from pathlib import Path

import pytest

from survey_app.questionnaire import types as at
from survey_app.questionnaire.loader import load_questionnaire
from survey_app.questionnaire.model import (QUESTION_TYPES, RAW_COLUMN_KINDS, SUMMARY_KINDS, WIDGETS,
                                            QuestionType)

PROJECT = Path(__file__).resolve().parents[2]
EVERY_TYPE = PROJECT / "tests" / "fixtures" / "fuzz-every-type.yaml"
QUESTIONNAIRES = [EVERY_TYPE, *sorted((PROJECT / "questionnaires").glob("*.yaml"))]
PARTS = ("form_parser", "normaliser", "widget", "raw_columns", "summary", "demo", "config_check",
         "free_text")
WIDGETS_TEMPLATE = PROJECT / "survey_app" / "web" / "templates" / "survey" / "_widgets.html"


def every_question():
    return [(q, questionnaire) for questionnaire in map(load_questionnaire, QUESTIONNAIRES)
            for q in questionnaire.questions]


def test_type_table__every_part__has_no_default():
    fields = {f.name: f for f in dataclasses.fields(QuestionType)}
    assert [p for p in PARTS if fields[p].default is not dataclasses.MISSING
            or fields[p].default_factory is not dataclasses.MISSING] == []


@pytest.mark.parametrize("part", PARTS)
def test_type_table__type_without_a_part__cannot_be_built(part):
    qtype = QUESTION_TYPES["single_choice"]
    parts = {f.name: getattr(qtype, f.name) for f in dataclasses.fields(QuestionType)}
    del parts[part]
    with pytest.raises(TypeError, match=part):
        QuestionType(**parts)


@pytest.mark.parametrize("name", sorted(QUESTION_TYPES))
def test_type_table__each_type__declares_every_part(name):
    qtype = QUESTION_TYPES[name]
    assert qtype.name == name
    assert callable(qtype.form_parser) and callable(qtype.normaliser) and callable(qtype.config_check)
    assert qtype.widget in WIDGETS
    if qtype.answers:
        assert qtype.raw_columns in RAW_COLUMN_KINDS
        assert callable(qtype.demo)
    else:
        assert (qtype.raw_columns, qtype.summary, qtype.demo) == (None, None, None)
    assert qtype.summary in SUMMARY_KINDS | {None}
    assert isinstance(qtype.free_text, bool)


def test_type_table__free_text__never_summarised_and_only_text_columns():
    free = sorted(n for n, t in QUESTION_TYPES.items() if t.free_text)
    assert free == ["text", "textarea"]
    assert [(QUESTION_TYPES[n].summary, QUESTION_TYPES[n].raw_columns) for n in free] == [(None, "text")] * 2
    assert sorted(n for n, t in QUESTION_TYPES.items() if t.summary is None) == ["info", "text", "textarea"]


def test_type_table__table__read_only():
    with pytest.raises(TypeError):
        QUESTION_TYPES["new"] = QUESTION_TYPES["text"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        QUESTION_TYPES["text"].widget = "textarea"


def test_type_table__every_type__in_the_every_type_fixture():
    used = {q.type for q in load_questionnaire(EVERY_TYPE).questions}
    assert sorted(set(QUESTION_TYPES) - used) == []


def test_type_table__column_names__every_type_fixture_exact():
    questionnaire = load_questionnaire(EVERY_TYPE)
    names = [n for q in questionnaire.questions for n in QUESTION_TYPES[q.type].column_names(q, questionnaire)]
    assert names == ["vek", "jedna", "vice__x", "vice__y", "vice__z", "ano_ne", "proc", "tvar", "skala",
                     "cislo", "dlouhy", "kde__park", "kde__skola", "kde_jedno", "mapa__count"]


@pytest.mark.parametrize("module, name", [("survey_app.analysis.tables", "RAW_COLUMNS"),
                                          ("survey_app.analysis.tables", "TEXT_TYPES"),
                                          ("survey_app.analysis.breakdowns", "SUMMARY_KINDS"),
                                          ("survey_app.responses.demo", "GENERATORS")])
def test_rooms__their_own_per_type_tables__gone(module, name):
    """The rooms read QUESTION_TYPES; a table of their own would let a new type drop out."""
    import importlib
    assert getattr(importlib.import_module(module), name, None) is None


def test_type_table__demo__passes_validation():
    for question, questionnaire in every_question():
        qtype = QUESTION_TYPES[question.type]
        if qtype.demo is None:
            continue
        rng = random.Random(3)
        # normalise raises AnswerError for an invalid answer; None is an empty one (no marks).
        stored = [qtype.normalise(question, qtype.demo(rng, question, questionnaire), questionnaire)
                  for _ in range(20)]
        assert [s for s in stored if s is not None] != [], question.id


def test_type_table__config_check__only_map_has_config():
    configs = {q.type: bool(q.config) for q, _ in every_question()}
    assert {t for t, has in configs.items() if has} == {"map"}
    assert QUESTION_TYPES["map"].config_check is at.map_config
    assert {n for n, t in QUESTION_TYPES.items() if t.config_check is not at.no_config} == {"map"}


def test_type_table__widgets__each_one_a_macro_in_the_template():
    template = WIDGETS_TEMPLATE.read_text(encoding="utf-8")
    assert sorted(w for w in WIDGETS if f"macro widget_{w}(" not in template) == []


def test_type_table__widgets__template_dispatches_on_the_table_not_on_types():
    template = WIDGETS_TEMPLATE.read_text(encoding="utf-8")
    assert "widget_macro(question)(question, q, answers, value)" in template
    # The one test of a type left: a map's help is shown with the map (static/js/map.js).
    assert re.findall(r"question\.type\s*(?:==|!=|in|not in)\s*\S+", template) == ['question.type != "map"'] * 2


def test_widget_macro__every_type__resolves_to_its_macro(app):
    from survey_app.web.widgets import widget_macro_name
    with app.test_request_context("/"):
        module = app.jinja_env.get_template("survey/_widgets.html").make_module({"lang": "cs"})
    names = {name: widget_macro_name(type("Q", (), {"type": name})) for name in QUESTION_TYPES}
    assert names["single_choice"] == "widget_choice_cards"
    assert sorted(n for n, macro in names.items() if not callable(getattr(module, macro, None))) == []


def test_widget_macro__type_without_a_macro__raises_not_renders_empty(app):
    from jinja2 import DictLoader
    from survey_app.web import widgets
    app.jinja_env.loader = DictLoader({"t.html": "{{ widget_macro(question) }}"})
    with app.test_request_context("/"), pytest.raises(LookupError, match="no macro widget_choice_cards"):
        app.jinja_env.get_template("t.html").render(question=type("Q", (), {"type": "single_choice"}))
    assert widgets.MACRO_PREFIX == "widget_"


def test_type_table__raw_column_kinds__one_builder_each_in_analysis_tables():
    from survey_app.analysis import tables
    assert sorted(tables.COLUMN_BUILDERS) == sorted(RAW_COLUMN_KINDS)
