"""Answer-validation messages as a respondent reads them: "ty" to children, "vy" to adults,
in Czech, Ukrainian and English, through the form and the API (issue 14)."""
import json
import uuid
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from survey_app.responses.answers import AnswerError, InvalidAnswers
from survey_app.responses.messages import MESSAGES
from survey_app.web.survey.messages import answer_messages

ROOT = Path(__file__).resolve().parents[2]


def _catalog(lang):
    with (ROOT / "survey_app/web/translations" / lang / "LC_MESSAGES/messages.po").open("rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", ["cs", "uk"])
def test_catalog__every_answer_message__translated_for_both_audiences(lang):
    catalog = _catalog(lang)
    missing = [(audience, text) for texts in MESSAGES.values() for audience, text in texts.items()
               if not (catalog.get(text, context=audience) and catalog.get(text, context=audience).string)]
    assert missing == []


class Questionnaire:
    def __init__(self, audience):
        self.audience = audience


ERRORS = {"a": AnswerError("not_an_option"), "b": AnswerError("too_many_marks", max=5),
          "c": AnswerError("mark_feeling_required"), "d": AnswerError("out_of_range", min=0.5, max=10)}


@pytest.mark.parametrize("audience, lang, expected", [
    ("children", "cs", {"a": "Vyber jednu z nabízených možností.", "b": "Značek můžeš přidat nejvýše 5.",
                        "c": "U každé značky vyber, jestli se tam cítíš bezpečně, nebo ne.",
                        "d": "Napiš číslo od 0,5 do 10."}),
    ("adults", "cs", {"a": "Vyberte jednu z nabízených možností.", "b": "Značek můžete přidat nejvýše 5.",
                      "c": "U každé značky vyberte, jestli se tam cítíte bezpečně, nebo ne.",
                      "d": "Zadejte číslo od 0,5 do 10."}),
    ("children", "uk", {"a": "Вибери один із запропонованих варіантів.", "b": "Позначок можеш додати щонайбільше 5.",
                        "c": "Для кожної позначки вибери, чи почуваєшся ти там безпечно, чи ні.",
                        "d": "Напиши число від 0.5 до 10."}),
    ("adults", "uk", {"a": "Виберіть один із запропонованих варіантів.", "b": "Позначок можете додати щонайбільше 5.",
                      "c": "Для кожної позначки виберіть, чи почуваєтеся ви там безпечно, чи ні.",
                      "d": "Введіть число від 0.5 до 10."}),
    ("adults", "en", {"a": "Please choose one of the options offered.", "b": "Too many marks (at most 5).",
                      "c": "For each mark, choose whether you feel safe there or not.",
                      "d": "Please enter a number from 0.5 to 10."}),
])
def test_answer_messages__audience_and_language__ty_or_vy(app, audience, lang, expected):
    with app.test_request_context():
        assert answer_messages(InvalidAnswers(ERRORS), Questionnaire(audience), lang) == expected


def _api(client, qid, answers, lang):
    body = {"submission_id": str(uuid.uuid4()), "lang": lang, "answers": answers}
    return client.post(f"/api/v1/questionnaires/{qid}/responses", data=json.dumps(body),
                       content_type="application/json")


@pytest.mark.parametrize("qid, expected", [
    ("deti-bezpeci", "Vyber jednu z nabízených možností."),
    ("dospeli-bezpeci", "Vyberte jednu z nabízených možností."),
])
def test_api__bad_option__czech_for_the_audience(client, qid, expected):
    response = _api(client, qid, {"vek": "99"}, "cs")
    assert (response.status_code, response.get_json()["errors"]) == (422, {"vek": expected})


@pytest.mark.parametrize("qid, expected", [
    ("deti-bezpeci", "Zatím tu není žádná odpověď, takže není co poslat. Odpověz aspoň na jednu otázku."),
    ("dospeli-bezpeci", "Zatím tu není žádná odpověď, takže není co odeslat. Odpovězte aspoň na jednu otázku."),
])
def test_api__nothing_answered__czech_for_the_audience(client, storage, qid, expected):
    response = _api(client, qid, {}, "cs")
    assert (response.status_code, response.get_json()["errors"]) == (422, {"answers": expected})
    assert storage.responses(qid) == []


@pytest.mark.parametrize("qid, expected", [
    ("deti-bezpeci", "Ти ще не відповів(-ла) на жодне питання, тому нема чого надсилати. "
                     "Дай відповідь хоча б на одне питання."),
    ("dospeli-bezpeci", "Ви ще не відповіли на жодне питання, тому нема чого надсилати. "
                        "Дайте відповідь хоча б на одне питання."),
])
def test_api__nothing_answered__ukrainian_for_the_audience(client, qid, expected):
    assert _api(client, qid, {"vek": None}, "uk").get_json()["errors"] == {"answers": expected}
