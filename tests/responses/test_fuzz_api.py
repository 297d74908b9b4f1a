"""Property tests of the submission API: any body, and any answers for every question
type of the shipped questionnaires and of a fixture with every type.

Every case ends in a success or a 4xx with a JSON `error` and `message`, never a 500
(errors.py turns an unexpected exception into a logged 500, so `status < 500` is
asserted explicitly). Accepted answers are stored and normalise to themselves. The
profile is deterministic (derandomize, no example database).
"""
import json
import os
import random
import shutil
import string
import re
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from survey_app import create_app
from survey_app.responses.answers import validate_answers

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"
QIDS = ["deti-bezpeci", "dospeli-bezpeci", "fuzz-every-type"]
RECORD_FIELDS = {"id", "submission_id", "questionnaire_id", "questionnaire_version", "lang", "channel",
                 "campaign_id", "wave", "channel_id", "submitted_at", "answers"}


def fuzz(max_examples):
    # No shrink phase: cases are drawn from a Random, which shrinks poorly, and a
    # failure is reported at once (with its input) instead of minutes later.
    return settings(max_examples=max_examples, derandomize=True, database=None, deadline=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def no_fsync():
    """Durability is proven in test_storage_durability.py and test_http_concurrency.py;
    here an fsync per accepted case would only add seconds of waiting for the disk."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", lambda fd: None)
        yield


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory, no_fsync):
    """One app for all cases of this module (hypothesis runs hundreds per test)."""
    base = tmp_path_factory.mktemp("fuzz_api")
    questionnaires = base / "questionnaires"
    shutil.copytree(SHIPPED, questionnaires)
    shutil.copy(FIXTURES / "fuzz-every-type.yaml", questionnaires)
    app = create_app({"TESTING": True, "SECRET_KEY": "fuzz", "SURVEY_DATA_DIR": str(base / "data"),
                      "QUESTIONNAIRES_DIR": str(questionnaires), "RATELIMIT_ENABLED": False})
    registry = app.extensions["survey_registry"]
    assert sorted(registry.errors()) == [] and {q.id for q in registry.all()} >= set(QIDS)
    return app


# --- value generators (a Random from hypothesis: recursive strategies cost ~50 ms a case) --

ODD_STRINGS = ["", " ", "\x00", "\u202e", "a\r\nb", "𝕏", "<script>alert(1)</script>", "' OR 1=1 --",
               "../../etc/passwd", "%s%n", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
               "ž" * 300, "yes", "YES", "1", "3.0", "8-11 ", "null", "NaN"]
# Odd but storable: what a valid answer may hold (refused characters are the bent cases).
STORABLE_ODD_STRINGS = ["", " ", "\u202e", "a\r\nb", "𝕏", "<script>alert(1)</script>", "' OR 1=1 --"]
ODD_NUMBERS = [0, -1, 1, 2, 3, 5, 6, 10**18, -10**18, 10**300, 1.5, -0.0, 1e308, 5e-324, 2**53 + 1,
               float("nan"), float("inf"), float("-inf")]


def random_json(rng, depth=0):
    roll = rng.random()
    if depth >= 4 or roll < 0.55:
        kind = rng.randrange(5)
        if kind == 0:
            return rng.choice([None, True, False])
        if kind == 1:
            return rng.choice(ODD_NUMBERS)
        if kind == 2:
            return rng.randint(-10**6, 10**6)
        if kind == 3:
            return rng.choice(ODD_STRINGS)
        return "".join(rng.choice(string.printable + "éžůŘ😀\u0301") for _ in range(rng.randint(0, 12)))
    if roll < 0.78:
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 5))]
    keys = ["submission_id", "lang", "answers", "lat", "lon", "category", "feeling", "comment",
            "place", "id", "", "__proto__"]
    return {rng.choice(keys) if rng.random() < 0.7 else random_json(rng, 9).__str__(): random_json(rng, depth + 1)
            for _ in range(rng.randint(0, 5))}


def _options(question, questionnaire):
    if question.type == "place":
        return [place.id for place in questionnaire.places]
    if question.type == "yes_no":
        return ["yes", "no"]
    if question.type == "smiley":
        return [1, 2, 3, 4, 5]
    return [option.value for option in question.options]


def _mark(rng, config):
    (south, west), (north, east) = config["bounds"]
    mark = {"lat": rng.uniform(south, north), "lon": rng.uniform(west, east),
            "category": rng.choice([c.value if hasattr(c, "value") else c["value"] for c in config["categories"]])}
    if config.get("feelings"):
        mark["feeling"] = rng.choice(config["feelings"])
    if config.get("comment") == "optional" and rng.random() < 0.5:
        mark["comment"] = rng.choice(STORABLE_ODD_STRINGS)
    return mark


def valid_answer(rng, question, questionnaire):
    """A plausible, mostly valid answer of the question's type."""
    kind = question.type
    if kind in ("single_choice", "age_band", "yes_no", "smiley") or (kind == "place" and not question.multiple):
        return rng.choice(_options(question, questionnaire))
    if kind in ("multi_choice", "place"):
        options = _options(question, questionnaire)
        return rng.sample(options, rng.randint(1, min(len(options), int(question.max or 3))))
    if kind in ("scale", "number"):
        low = question.min if question.min is not None else 1
        high = question.max if question.max is not None else 5
        return rng.randint(int(low), int(high)) if rng.random() < 0.7 else rng.uniform(low, high)
    if kind in ("text", "textarea"):
        limit = question.max_length or 200
        length, start = rng.randint(0, limit + 2), rng.randrange(8)
        return ("ab ěš\n\tů" * (length // 8 + 2))[start:start + length]  # up to one too long
    if kind == "map":
        config = question.config
        marks = [_mark(rng, config) for _ in range(rng.randint(0, config.get("max_marks", 5)))]
        if questionnaire.places and rng.random() < 0.3:
            marks.append({"place": rng.choice(questionnaire.places).id})
        return marks
    return None  # info


def near_miss(rng, value, question):
    """The valid answer bent the way clients get it wrong."""
    bends = [
        lambda: str(value), lambda: [value], lambda: [value, value], lambda: {"value": value},
        lambda: True, lambda: rng.choice(ODD_NUMBERS), lambda: rng.choice(ODD_STRINGS),
        lambda: value.upper() if isinstance(value, str) else value,
        lambda: (question.max or 5) + 1, lambda: (question.min or 0) - 1,
        lambda: value * 2 if isinstance(value, (str, list)) else value,
        lambda: [dict(m, **{rng.choice(["lat", "lon", "category", "feeling", "comment", "place", "x"]):
                            random_json(rng, 3)}) if isinstance(m, dict) else m for m in value]
        if isinstance(value, list) else value,
    ]
    return rng.choice(bends)()


def random_answers(rng, questionnaire):
    """Answers that are all plausible (a third of the cases), or have one answer bent,
    or are chaos, so that both stored and refused submissions are common."""
    mode = rng.choice(["valid", "one_bent", "chaos"])
    answers = {}
    for question in questionnaire.questions:
        if rng.random() < 0.25:
            continue
        value = valid_answer(rng, question, questionnaire)
        roll = rng.random() if mode == "chaos" else 0
        answers[question.id] = value if roll < 0.5 else near_miss(rng, value, question) if roll < 0.8 \
            else random_json(rng, 2)
    if mode == "one_bent" and answers:
        qid = rng.choice(sorted(answers))
        answers[qid] = near_miss(rng, answers[qid], questionnaire.question(qid))
    if mode == "chaos" and rng.random() < 0.3:
        answers[rng.choice(["neznama", "", "__all__", "x" * 300])] = random_json(rng, 3)
    return answers


def post(client, qid, body, content_type="application/json"):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body, ensure_ascii=False)
    return client.post(f"/api/v1/questionnaires/{qid}/responses", data=data, content_type=content_type)


def assert_clean_error(response):
    assert response.status_code < 500, response.get_data(as_text=True)
    if response.status_code >= 400:
        body = response.get_json()
        assert isinstance(body, dict), response.get_data(as_text=True)
        assert isinstance(body.get("error"), str) and body["error"]
        assert isinstance(body.get("message"), str) and body["message"].strip()


# --- any body -------------------------------------------------------------------------

@fuzz(1500)
@given(rng=st.randoms(use_true_random=False),
       shape=st.sampled_from(["json", "envelope", "bytes", "text"]),
       qid=st.sampled_from(QIDS + ["nope", "DETI", "../etc", "%2e%2e", "a" * 200, "ž"]),
       content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", ""]))
@example(rng=random.Random(0), shape="text", qid="mini", content_type="application/json")
def test_post_response__any_body__success_or_4xx_json(fuzz_app, rng, shape, qid, content_type):
    if shape == "json":
        body = random_json(rng)
    elif shape == "envelope":
        body = {"submission_id": rng.choice([str(uuid.UUID(int=rng.getrandbits(128))), random_json(rng, 3)]),
                "lang": rng.choice(["cs", "en", "uk", random_json(rng, 3)]),
                "answers": random_json(rng, 1)}
        if rng.random() < 0.3:
            body[rng.choice(["extra", "ip", "user_agent"])] = random_json(rng, 3)
    elif shape == "bytes":
        body = rng.randbytes(rng.randint(0, 300))
    else:
        body = rng.choice(["[" * 60000, "{" * 30000, '{"answers": ' * 5000, "NaN", "1e999999",
                           '{"submission_id": "' + "0" * 9000 + '"}', "\ufeff{}", "{}" * 40000,
                           '{"a": 1, "a": 2}', "[1" + "0" * 5000 + "]"])
    response = post(fuzz_app.test_client(), qid, body, content_type)
    assert_clean_error(response)
    if response.status_code < 300:
        assert set(response.get_json()) == {"id", "submission_id"}


def test_post_response__deeply_nested_json__400_with_reason(fuzz_app):
    response = post(fuzz_app.test_client(), "deti-bezpeci", "[" * 60000)
    assert response.status_code == 400
    assert response.get_json()["error"] == "malformed_json"


# --- any answers, question type by question type -----------------------------------------

@fuzz(2000)
@given(rng=st.randoms(use_true_random=False), qid=st.sampled_from(QIDS), lang=st.sampled_from(["cs", "en"]))
def test_post_response__any_answers_per_type__stored_or_422_naming_questions(fuzz_app, rng, qid, lang):
    questionnaire = fuzz_app.extensions["survey_registry"].get(qid)
    storage = fuzz_app.extensions["survey_storage"]
    answers = random_answers(rng, questionnaire)
    # Fresh per case: hypothesis draws low-entropy integers too, and a repeated id would
    # meet the earlier case's stored response.
    submission_id = str(uuid.uuid4())
    response = post(fuzz_app.test_client(), qid, {"submission_id": submission_id, "lang": lang, "answers": answers})
    assert_clean_error(response)
    body = response.get_json()
    assert response.status_code in (200, 201, 422), (response.status_code, body)
    if response.status_code == 422:
        # "answers" names a submission that answers nothing at all (nothing stored, issue 14).
        known = {q.id for q in questionnaire.questions} | {str(k) for k in answers} | {"answers"}
        # The door names a path of at most 200 characters ("answers." + the key's first 192).
        known |= {str(k)[:192] for k in answers}
        # A character refused at the door is named by its path in the body (answers.<key>...).
        named = {re.split(r"[.\[]", f[len("answers."):], maxsplit=1)[0]
                 if body.get("error") == "invalid_text" and f.startswith("answers.") else f
                 for f in body["errors"]}
        assert body["errors"] and named <= known, body
        assert all(isinstance(m, str) and m.strip() for m in body["errors"].values()), body
        assert storage.find_submission(qid, submission_id) is None
        return
    record = storage.find_submission(qid, submission_id)
    assert record is not None and record["id"] == body["id"]
    assert set(record) <= RECORD_FIELDS, sorted(record)
    # What was stored is already normal: validating it again changes nothing.
    assert validate_answers(questionnaire, record["answers"]) == record["answers"]
    json.dumps(record, allow_nan=False)  # no NaN or Infinity reaches the journal


def test_random_answers__generator__produces_valid_and_invalid_submissions(fuzz_app):
    """The fuzzer is only as good as its mix: both outcomes must be common."""
    client = fuzz_app.test_client()
    rng = random.Random(7)
    statuses = []
    for qid in QIDS:
        questionnaire = fuzz_app.extensions["survey_registry"].get(qid)
        for _ in range(40):
            body = {"submission_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "answers": random_answers(rng, questionnaire)}
            statuses.append(post(client, qid, body).status_code)
    assert statuses.count(201) >= 10 and statuses.count(422) >= 40, statuses


# --- unicode edge cases on every text input, and every export opens afterwards (issue 13) -----

# JSON escapes as a client would send them; the first group cannot be stored.
UNSTORABLE_ESCAPES = ["\\ud800", "\\udbff\\u0041", "\\udfff", "\\ufffe", "\\uffff", "\\u0000", "\\u0008",
                      "\\b", "\\f", "\\u000b", "\\u001f"]
STORABLE_EDGES = ["\u200f", "\u202e", "\u2066", "\u061c", "\ufeff", "\u00a0", "\t", "\r\n", "\U0001d54f",
                  "\ufffd", "\u0085", "\u2028"]


def _text_inputs(questionnaire):
    """(question, how to put a text into the answer) for every free-text input."""
    inputs = []
    for question in questionnaire.questions:
        if question.type in ("text", "textarea"):
            inputs.append((question, lambda text: text))
        if question.type == "map" and question.config.get("comment") == "optional":
            category = question.config["categories"][0]
            value = category.value if hasattr(category, "value") else category["value"]
            (south, west), (north, east) = question.config["bounds"]
            mark = {"lat": (south + north) / 2, "lon": (west + east) / 2, "category": value}
            if question.config.get("feelings"):
                mark["feeling"] = question.config["feelings"][0]
            inputs.append((question, lambda text, mark=mark: [{**mark, "comment": text}]))
    return inputs


def _minimal_answers(rng, questionnaire):
    """Valid answers to the required questions only (so that one text decides the outcome)."""
    answers = {}
    for question in questionnaire.questions:
        if question.required:
            for _ in range(50):
                value = valid_answer(rng, question, questionnaire)
                try:
                    validate_answers(questionnaire, {**answers, question.id: value}, only=[question.id])
                except Exception:  # noqa: BLE001 - try another value
                    continue
                answers[question.id] = value
                break
    return answers


def _raw_body(answers, placeholder, escape):
    return json.dumps({"submission_id": str(uuid.uuid4()), "lang": "en", "answers": answers},
                      ensure_ascii=True).replace(placeholder, escape)


@pytest.mark.parametrize("qid", QIDS)
def test_every_text_input__unicode_edges__422_or_stored_and_every_export_opens(fuzz_app, qid):
    import io
    import zipfile

    import openpyxl

    from survey_app.exporters import EXPORTERS, ExportJob, export
    questionnaire = fuzz_app.extensions["survey_registry"].get(qid)
    storage = fuzz_app.extensions["survey_storage"]
    client = fuzz_app.test_client()
    rng = random.Random(13)
    inputs = _text_inputs(questionnaire)
    assert inputs, "the questionnaire has no text input"
    base = _minimal_answers(rng, questionnaire)
    before = storage.count_responses(qid)
    stored = 0
    for question, put in inputs:
        for escape in UNSTORABLE_ESCAPES:
            body = _raw_body({**base, question.id: put("a@@X@@b")}, "@@X@@", escape)
            response = post(client, qid, body)
            assert response.status_code == 422, (question.id, escape, response.get_data(as_text=True))
            assert response.get_json()["error"] == "invalid_text"
            assert list(response.get_json()["errors"])[0].startswith(f"answers.{question.id}")
        for edge in STORABLE_EDGES:
            body = json.dumps({"submission_id": str(uuid.uuid4()), "lang": "cs",
                               "answers": {**base, question.id: put(f"a{edge}b")}}, ensure_ascii=False)
            response = post(client, qid, body)
            assert_clean_error(response)
            stored += response.status_code == 201
    assert stored and storage.count_responses(qid) == before + stored
    records = storage.responses(qid)
    for name in EXPORTERS:
        audience = EXPORTERS[name].default_audience
        job = ExportJob(questionnaire, records, audience=audience, include_text=audience == "facilitator")
        for part, data in export(name, job):
            if name.endswith("xlsx"):
                openpyxl.load_workbook(io.BytesIO(data))
            elif name == "geojson":
                json.loads(data)
            elif name == "charts":
                assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
            else:
                data.decode("utf-8-sig")
