"""JSON API v1: every status the issue names, with JSON errors and never a 500."""
import json
import shutil
import uuid
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "fixtures"
URL = "/api/v1/questionnaires/mini/responses"


@pytest.fixture(autouse=True)
def fixture_questionnaires(questionnaires_dir):
    shutil.copy(FIXTURES / "mini.yaml", questionnaires_dir / "mini.yaml")


def post(client, body, **kwargs):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **kwargs)


def valid_body(**answers):
    return {"submission_id": str(uuid.uuid4()), "lang": "cs",
            "answers": answers or {"vek": "8-11", "pocit": 4}}


def test_list_questionnaires__ids_versions_titles(client):
    listing = client.get("/api/v1/questionnaires").get_json()
    mini = next(item for item in listing if item["id"] == "mini")
    assert mini == {"id": "mini", "version": 2, "audience": "children",
                    "title": {"cs": "Malý dotazník", "en": "Small questionnaire"}}


def test_get_questionnaire__full_structure(client):
    body = client.get("/api/v1/questionnaires/mini").get_json()
    assert body["id"] == "mini"
    assert [q["id"] for page in body["pages"] for q in page["questions"]] == ["vek", "pocit", "strach", "kde", "prani"]


def test_get_unknown_questionnaire__404_json(client):
    response = client.get("/api/v1/questionnaires/nope")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_post__201_then_same_submission_200_same_id(client, storage):
    body = valid_body()
    first = post(client, body)
    assert first.status_code == 201
    assert first.get_json()["submission_id"] == body["submission_id"]
    second = post(client, body)
    assert second.status_code == 200
    assert second.get_json() == first.get_json()
    assert len(storage.responses("mini")) == 1


def test_post__record_has_no_identifying_fields(client, storage):
    post(client, valid_body(), headers={"User-Agent": "Tablet-123", "X-Forwarded-For": "10.1.2.3"},
         environ_base={"REMOTE_ADDR": "192.0.2.7"})
    [record] = storage.responses("mini")
    dumped = json.dumps(record)
    for needle in ("Tablet-123", "10.1.2.3", "192.0.2.7"):
        assert needle not in dumped


@pytest.mark.parametrize("answers, field", [
    ({"vek": "8-11", "pocit": 4, "neznama": 1}, "neznama"),
    ({"vek": "99", "pocit": 4}, "vek"),
    ({"vek": "8-11", "pocit": 4, "kde": ["park"]}, "kde"),          # hidden by show_if
    ({"pocit": 4}, "vek"),                                           # required missing
    ({"vek": "8-11", "pocit": 4, "prani": "x" * 51}, "prani"),       # too long
    ({"vek": "8-11", "pocit": "4"}, "pocit"),                        # smiley must be a number
    ({"vek": "8-11", "pocit": 4, "strach": "drogy"}, "strach"),      # multi_choice needs a list
])
def test_post_invalid_answers__422_names_the_field(client, storage, answers, field):
    response = post(client, {"submission_id": str(uuid.uuid4()), "answers": answers})
    body = response.get_json()
    assert response.status_code == 422
    assert body["error"] == "invalid" and body["message"]
    assert field in body["errors"] and body["errors"][field]
    assert storage.responses("mini") == []


def test_post_invalid_answers__english_messages_when_lang_en(client):
    body = {"submission_id": str(uuid.uuid4()), "lang": "en", "answers": {"pocit": 4}}
    errors = post(client, body).get_json()["errors"]
    assert errors["vek"] == "Please answer this question."


@pytest.mark.parametrize("body, field", [
    ({"answers": {}}, "submission_id"),
    ({"submission_id": "not-a-uuid", "answers": {}}, "submission_id"),
    ({"submission_id": str(uuid.uuid4()), "lang": "xx", "answers": {}}, "lang"),
    ({"submission_id": str(uuid.uuid4()), "answers": []}, "answers"),
    ({"submission_id": str(uuid.uuid4()), "answers": {}, "ip": "1.2.3.4"}, "ip"),
])
def test_post_bad_envelope__422_with_field(client, body, field):
    response = post(client, body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


@pytest.mark.parametrize("raw", ["{", "[1, 2]", "null", b"\xff\xfe", ""])
def test_post_malformed_json__400(client, raw):
    response = post(client, raw)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "malformed_json" and body["message"]


def test_post_body_over_64kb__413_json(client):
    body = valid_body()
    body["padding"] = "x" * (64 * 1024)
    response = post(client, body)
    assert response.status_code == 413
    assert response.get_json()["error"] == "too_large"


def test_post_unknown_questionnaire__404_json(client):
    response = client.post("/api/v1/questionnaires/nope/responses", data="{}", content_type="application/json")
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


def test_post_broken_questionnaire__503_json(client, questionnaires_dir):
    (questionnaires_dir / "rozbity.yaml").write_text("id: rozbity\n", encoding="utf-8")
    response = client.post("/api/v1/questionnaires/rozbity/responses", data="{}", content_type="application/json")
    assert response.status_code == 503 and response.get_json()["error"] == "questionnaire_unavailable"


def test_get_on_submit_url__405_json(client):
    response = client.get(URL)
    assert response.status_code == 405 and response.get_json()["error"] == "method_not_allowed"


def test_post_without_csrf_token__accepted_by_json_api(csrf_app):
    response = csrf_app.test_client().post(URL, data=json.dumps(valid_body()), content_type="application/json")
    assert response.status_code == 201


def test_post__resubmit_after_questionnaire_changed__still_200_same_id(client, storage, questionnaires_dir):
    body = valid_body()
    first = post(client, body)
    path = questionnaires_dir / "mini.yaml"
    # The age question's options change: the stored answer "8-11" is no longer valid.
    path.write_text(path.read_text(encoding="utf-8").replace('"8-11"', '"8-10"').replace("version: 2", "version: 3"),
                    encoding="utf-8")
    again = post(client, body)
    assert again.status_code == 200 and again.get_json() == first.get_json()
    assert len(storage.responses("mini")) == 1


EMPTY_URL = "/api/v1/questionnaires/deti-bezpeci/responses"


@pytest.mark.parametrize("answers", [
    {},
    {"vek": None, "prani": "", "obavy": [], "mapa": []},             # only empty answers
    {"prani": "   "},                                                  # blank text is no answer
])
def test_post_empty_answers__422_names_answers_and_nothing_stored(client, storage, answers):
    body = {"submission_id": str(uuid.uuid4()), "lang": "en", "answers": answers}
    response = client.post(EMPTY_URL, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert response.get_json() == {
        "error": "invalid", "message": "Some answers are not valid.",
        "errors": {"answers": "You have not answered any question yet, so there is nothing to send. "
                              "Answer at least one question."}}
    assert storage.responses("deti-bezpeci") == []


def test_post_empty_answers__czech_children__ty_form(client):
    body = {"submission_id": str(uuid.uuid4()), "lang": "cs", "answers": {}}
    response = client.post(EMPTY_URL, data=json.dumps(body), content_type="application/json")
    assert response.get_json()["errors"] == {
        "answers": "Zatím tu není žádná odpověď, takže není co poslat. "
                   "Odpověz aspoň na jednu otázku."}


def test_post_one_answer__stored_201(client, storage):
    body = {"submission_id": str(uuid.uuid4()), "answers": {"prani": "hřiště"}}
    response = client.post(EMPTY_URL, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    assert storage.responses("deti-bezpeci")[0]["answers"] == {"prani": "hřiště"}
