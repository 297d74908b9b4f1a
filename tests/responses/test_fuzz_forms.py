"""Property tests of the HTML survey forms: random form fields posted to every screen
of every questionnaire (the shipped ones and a fixture with every question type).

Each case starts a fresh run, optionally fills earlier answers (so that screens behind
show_if exist), posts random fields to one screen and follows the redirect, so that the
next screen renders whatever the draft now holds. Every response is a page, a redirect inside the survey or a 422 page naming the problem,
never a 500 (asserted explicitly: errors.py turns exceptions into a logged 500). A
finished run is stored with normalised answers. Deterministic profile (derandomize,
no example database). CSRF is off here; tests/test_security.py checks it on.
"""
import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from survey_app import create_app
from survey_app.responses.answers import InvalidAnswers, validate_answers
from survey_app.questionnaire.model import QUESTION_TYPES
from survey_app.responses.runs import screens
from tests.responses.test_fuzz_api import ODD_STRINGS, fuzz, no_fsync, random_json, valid_answer  # noqa: F401 (no_fsync is a fixture)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"
QIDS = ["deti-bezpeci", "dospeli-bezpeci", "fuzz-every-type", "mini"]


@pytest.fixture(scope="module")
def form_app(tmp_path_factory, no_fsync):
    base = tmp_path_factory.mktemp("fuzz_forms")
    questionnaires = base / "questionnaires"
    shutil.copytree(SHIPPED, questionnaires)
    for name in ("fuzz-every-type.yaml", "mini.yaml"):
        shutil.copy(FIXTURES / name, questionnaires)
    app = create_app({"TESTING": True, "SECRET_KEY": "fuzz", "SURVEY_DATA_DIR": str(base / "data"),
                      "QUESTIONNAIRES_DIR": str(questionnaires), "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False})
    assert app.extensions["survey_registry"].errors() == {}
    return app


NUMBER_TEXTS = ["0", "3", "-1", "1,5", "1 000", "1\u00a0000", "1e999", "nan", "inf", "-0", "٣", "１２",
                "0x10", "9" * 400, "3.0", " 5 ", "", "abc"]


def _field_values(rng, question, questionnaire):
    """What a browser (or a bored teenager with dev tools) might post for a question."""
    roll = rng.random()
    if roll < 0.45:  # what the widget itself would send
        value = valid_answer(rng, question, questionnaire)
        if question.type == "map":
            return {question.id: [json.dumps(value)] if value else [],
                    question.id + "__place": [p.id for p in questionnaire.places[:rng.randint(0, 2)]]}
        values = value if isinstance(value, list) else [] if value is None else [value]
        return {question.id: [str(v) for v in values]}
    if roll < 0.75:
        pool = NUMBER_TEXTS if question.type in ("number", "scale", "smiley") else ODD_STRINGS
        return {question.id: [rng.choice(pool) for _ in range(rng.randint(1, 3))]}
    if roll < 0.9:
        return {question.id: [json.dumps(random_json(rng)), rng.choice(["[" * 3000, "{}", "[{}]", "null"])][
            :rng.randint(1, 2)]}
    return {question.id + rng.choice(["__place", "[]", ".x", ""]): [rng.choice(ODD_STRINGS)]}


def random_form(rng, questionnaire, screen_questions):
    form = {}
    for question in screen_questions:
        if rng.random() < 0.85:
            form.update(_field_values(rng, question, questionnaire))
    if rng.random() < 0.2:  # answers for questions of other screens, and plain junk
        other = rng.choice(questionnaire.questions)
        form.update(_field_values(rng, other, questionnaire))
        form[rng.choice(["csrf_token", "submission_id", "answers", "x" * 100, "ž"])] = [rng.choice(ODD_STRINGS)]
    form["action"] = [rng.choice(["next", "next", "next", "back", "", "submit", "x" * 50])]
    return form


def fill_earlier_answers(rng, client, app, questionnaire):
    """Give the run valid answers to a random part of the questionnaire, through the
    draft, so that later screens (and show_if branches) are reachable."""
    with client.session_transaction() as session:
        run_id = session["runs"][questionnaire.id]
    storage = app.extensions["survey_storage"]
    draft = storage.load_draft(run_id)
    answers = {}
    for question in questionnaire.questions:
        if QUESTION_TYPES[question.type].answers and rng.random() < 0.6:
            answers[question.id] = valid_answer(rng, question, questionnaire)
            try:
                answers = validate_answers(questionnaire, answers, only=list(answers))
            except InvalidAnswers:
                answers.pop(question.id)
    draft["answers"] = answers
    storage.save_draft(run_id, draft)
    return answers


@fuzz(800)
@given(rng=st.randoms(use_true_random=False), qid=st.sampled_from(QIDS),
       screen_choice=st.integers(0, 40), fill=st.booleans())
def test_post_screen__random_fields__page_redirect_or_422(form_app, rng, qid, screen_choice, fill):
    questionnaire = form_app.extensions["survey_registry"].get(qid)
    client = form_app.test_client()
    started = client.post(f"/s/{qid}/start")
    assert started.status_code == 303
    submission_id = draft_of(client, form_app, qid)["submission_id"]
    answers = fill_earlier_answers(rng, client, form_app, questionnaire) if fill else {}
    available = screens(questionnaire, answers)
    names = [s.id for s in available] + [q.id for q in questionnaire.questions] + ["nope", "..", "%00"]
    screen_id = names[screen_choice % len(names)]
    current = next((s for s in available if s.id == screen_id), available[0])
    form = random_form(rng, questionnaire, current.questions)

    response = client.post(f"/s/{qid}/q/{screen_id}", data=form)
    assert response.status_code in (200, 303, 302, 422), (response.status_code, form)
    page = response.get_data(as_text=True)
    if response.status_code == 422:
        # A field error on the screen, or (an empty run refused, a character refused at the
        # door) the error page saying why.
        assert ('class="form-error"' in page or 'class="card error-page"' in page) and "Traceback" not in page
    if response.status_code in (302, 303):
        location = response.headers["Location"]
        assert location.startswith(f"/s/{qid}"), location
        followed = client.get(location)
        assert followed.status_code in (200, 302), (followed.status_code, location)
        if location.endswith("/dekujeme"):
            record = form_app.extensions["survey_storage"].find_submission(qid, submission_id)
            assert validate_answers(questionnaire, record["answers"]) == record["answers"]


def draft_of(client, app, qid):
    with client.session_transaction() as session:
        run_id = session["runs"][qid]
    return app.extensions["survey_storage"].load_draft(run_id)


def test_post_screen__deeply_nested_map_json__422_not_500(form_app):
    client = form_app.test_client()
    client.post("/s/fuzz-every-type/start")
    response = client.post("/s/fuzz-every-type/q/druha", data={"mapa": "[" * 100_000, "action": "next"})
    assert response.status_code == 422
    assert 'class="form-error"' in response.get_data(as_text=True)


def test_random_form__generator__reaches_every_outcome(form_app):
    """The fuzzer must reach finished runs, refusals and moves between screens."""
    outcomes = set()
    rng = random.Random(3)
    for attempt in range(150):
        qid = QIDS[attempt % len(QIDS)]
        questionnaire = form_app.extensions["survey_registry"].get(qid)
        client = form_app.test_client()
        client.post(f"/s/{qid}/start")
        answers = fill_earlier_answers(rng, client, form_app, questionnaire)
        last = screens(questionnaire, answers)[-1]
        response = client.post(f"/s/{qid}/q/{last.id}", data=random_form(rng, questionnaire, last.questions))
        outcomes.add(response.headers.get("Location", str(response.status_code)).rsplit("/", 1)[-1])
    assert {"dekujeme", "422"} <= outcomes, outcomes


# Characters a browser can post that no export can hold (a lone surrogate cannot be
# form-encoded: browsers and werkzeug turn it into U+FFFD), then ones that are kept.
FORM_UNSTORABLE = ["\x00", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff"]
FORM_STORABLE = ["\u200f", "\u202e", "\u061c", "\ufeff", "\t", "\U0001d54f", "\ufffd"]


@pytest.mark.parametrize("qid", QIDS)
def test_post_screen__unicode_edges_in_every_text_field__422_names_it_or_accepted(form_app, qid):
    questionnaire = form_app.extensions["survey_registry"].get(qid)
    rng = random.Random(14)
    tried = 0
    for _ in range(3):
        client = form_app.test_client()
        client.post(f"/s/{qid}/start")
        answers = fill_earlier_answers(rng, client, form_app, questionnaire)
        for screen in screens(questionnaire, answers):
            for question in screen.questions:
                fields = [question.id] if question.type in ("text", "textarea") else []
                for name in fields + ["action"]:
                    for char in FORM_UNSTORABLE:
                        response = client.post(f"/s/{qid}/q/{screen.id}?lang=en",
                                               data={"action": "next", name: f"a{char}b"})
                        assert response.status_code == 422, (qid, name, repr(char))
                        assert f"The field &#39;{name}&#39; contains a character that cannot be stored" in \
                            response.get_data(as_text=True)
                        tried += 1
                for name in fields:
                    for char in FORM_STORABLE:
                        response = client.post(f"/s/{qid}/q/{screen.id}", data={"action": "next", name: f"a{char}b"})
                        assert response.status_code in (200, 302, 303, 422), (qid, name, repr(char))
                        page = response.get_data(as_text=True)
                        assert "Traceback" not in page and "cannot be stored" not in page
    assert tried
