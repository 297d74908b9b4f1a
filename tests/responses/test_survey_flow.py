"""The public survey through the test client, JavaScript off: start, screens, show_if,
required answers, Back, idempotent finish, languages, broken files."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import csrf_token_from

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def fixture_questionnaires(questionnaires_dir):
    for name in ("mini.yaml", "paged.yaml"):
        shutil.copy(FIXTURES / name, questionnaires_dir / name)


def start(client, qid="mini"):
    response = client.post(f"/s/{qid}/start")
    assert response.status_code == 303
    return response.headers["Location"]


def test_start_page__czech_by_default__anonymous_and_start_button(client):
    response = client.get("/s/mini")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="cs">' in html
    assert "Malý dotazník" in html
    assert "Začít" in html
    assert "neptáme se na jméno" in html
    assert response.headers["Cache-Control"] == "no-store, max-age=0"


def test_start_page__lang_en__english_and_remembered(client):
    html = client.get("/s/mini?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html and "Small questionnaire" in html and ">Start<" in html
    html = client.get("/s/mini").get_data(as_text=True)
    assert '<html lang="en">' in html


def test_full_run__one_question_per_screen__stored_exactly(client, storage):
    location = start(client)
    assert location == "/s/mini/q/vek"
    page = client.get(location).get_data(as_text=True)
    assert "1 / 5" in page  # vek, pocit, strach, kde, prani: counted even while kde is hidden

    missing = client.post("/s/mini/q/vek", data={"action": "next"})
    assert missing.status_code == 422
    assert "Tuto otázku je potřeba vyplnit." in missing.get_data(as_text=True)

    assert client.post("/s/mini/q/vek", data={"vek": "8-11", "action": "next"}).headers["Location"] == "/s/mini/q/pocit"
    assert client.post("/s/mini/q/pocit", data={"pocit": "2", "action": "next"}).headers["Location"] == "/s/mini/q/strach"
    next_location = client.post("/s/mini/q/strach", data={"strach": ["tma", "drogy"], "action": "next"}).headers["Location"]
    assert next_location == "/s/mini/q/kde"
    assert "4 / 5" in client.get("/s/mini/q/kde").get_data(as_text=True)
    assert client.post("/s/mini/q/kde", data={"kde": ["nadrazi"], "action": "next"}).headers["Location"] == "/s/mini/q/prani"
    assert "5 / 5" in client.get("/s/mini/q/prani").get_data(as_text=True)
    finish = client.post("/s/mini/q/prani", data={"prani": "  Hřiště  ", "action": "next"})
    assert finish.status_code == 303 and finish.headers["Location"] == "/s/mini/dekujeme"

    done = client.get("/s/mini/dekujeme").get_data(as_text=True)
    assert "116 111" in done and "Sousedském domě Libuše" in done

    [record] = storage.responses("mini")
    assert record["answers"] == {"vek": "8-11", "pocit": 2, "strach": ["drogy", "tma"],
                                 "kde": ["nadrazi"], "prani": "Hřiště"}
    assert set(record) == {"id", "submission_id", "questionnaire_id", "questionnaire_version", "lang",
                           "channel", "campaign_id", "wave", "channel_id", "submitted_at", "answers"}
    assert record["questionnaire_version"] == 2 and record["channel"] == "web" and record["lang"] == "cs"
    assert record["submitted_at"].endswith("Z")


def test_show_if__unanswered_condition__screen_skipped(client, storage):
    start(client)
    client.post("/s/mini/q/vek", data={"vek": "12-14", "action": "next"})
    client.post("/s/mini/q/pocit", data={"pocit": "5", "action": "next"})
    assert client.post("/s/mini/q/strach", data={"action": "next"}).headers["Location"] == "/s/mini/q/prani"
    client.post("/s/mini/q/prani", data={"action": "next"})
    [record] = storage.responses("mini")
    assert record["answers"] == {"vek": "12-14", "pocit": 5}


def test_back__keeps_answers_and_changing_earlier_answer_drops_hidden_ones(client, storage):
    start(client)
    client.post("/s/mini/q/vek", data={"vek": "8-11", "action": "next"})
    client.post("/s/mini/q/pocit", data={"pocit": "3", "action": "next"})
    client.post("/s/mini/q/strach", data={"strach": "tma", "action": "next"})
    client.post("/s/mini/q/kde", data={"kde": "park", "action": "next"})
    back = client.post("/s/mini/q/prani", data={"action": "back"})
    assert back.headers["Location"] == "/s/mini/q/kde"
    assert 'value="park" checked' in client.get("/s/mini/q/kde").get_data(as_text=True)
    client.post("/s/mini/q/kde", data={"kde": "park", "action": "back"})
    client.post("/s/mini/q/strach", data={"action": "next"})  # unticks everything: kde disappears
    client.post("/s/mini/q/prani", data={"action": "next"})
    [record] = storage.responses("mini")
    assert record["answers"] == {"vek": "8-11", "pocit": 3}


def test_invalid_value__message_on_the_field(client):
    start(client)
    response = client.post("/s/mini/q/vek", data={"vek": "99", "action": "next"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-vek"' in html and 'aria-invalid="true"' in html


def test_too_long_text__rejected_with_limit(client):
    start(client)
    for screen, data in (("vek", {"vek": "8-11"}), ("pocit", {"pocit": "1"}), ("strach", {})):
        client.post(f"/s/mini/q/{screen}", data={**data, "action": "next"})
    response = client.post("/s/mini/q/prani", data={"prani": "x" * 51, "action": "next"})
    assert response.status_code == 422
    assert "50" in response.get_data(as_text=True)


def test_double_submit__one_record_same_thank_you(client, storage):
    start(client)
    client.post("/s/mini/q/vek", data={"vek": "8-11", "action": "next"})
    client.post("/s/mini/q/pocit", data={"pocit": "4", "action": "next"})
    client.post("/s/mini/q/strach", data={"action": "next"})
    first = client.post("/s/mini/q/prani", data={"action": "next"})
    second = client.post("/s/mini/q/prani", data={"action": "next"})
    assert first.headers["Location"] == second.headers["Location"] == "/s/mini/dekujeme"
    assert len(storage.responses("mini")) == 1


def test_finished_run__screens_redirect_to_start_and_draft_is_gone(client, storage):
    start(client)
    client.post("/s/mini/q/vek", data={"vek": "8-11", "action": "next"})
    client.post("/s/mini/q/pocit", data={"pocit": "4", "action": "next"})
    client.post("/s/mini/q/strach", data={"action": "next"})
    client.post("/s/mini/q/prani", data={"prani": "tajné přání", "action": "next"})
    again = client.get("/s/mini/q/vek")
    assert again.status_code == 302 and again.headers["Location"] == "/s/mini"
    drafts = list((storage.data_dir / "drafts").glob("*.json"))
    assert drafts == []


def test_new_start__never_shows_previous_answers(client):
    start(client)
    client.post("/s/mini/q/vek", data={"vek": "8-11", "action": "next"})
    start(client)  # the next child presses Začít
    assert "checked" not in client.get("/s/mini/q/vek").get_data(as_text=True)


def test_paged_questionnaire__same_page_show_if_rendered_and_pruned(client, storage):
    assert start(client, "paged") == "/s/paged/q/bezpeci"
    html = client.get("/s/paged/q/bezpeci").get_data(as_text=True)
    assert 'data-question="jake"' in html  # shown/hidden by the page script, not skipped
    assert "1 / 2" in html
    response = client.post("/s/paged/q/bezpeci", data={"den": "4", "problem": "no", "jake": "odpadky",
                                                        "action": "next"})
    assert response.headers["Location"] == "/s/paged/q/vy"
    client.post("/s/paged/q/vy", data={"roky": "12", "action": "next"})
    [record] = storage.responses("paged")
    assert record["answers"] == {"den": 4, "problem": "no", "roky": 12}


def test_csrf__form_post_without_token_refused_with_token_accepted(csrf_app):
    client = csrf_app.test_client()
    assert client.post("/s/mini/start").status_code == 400
    token = csrf_token_from(client.get("/s/mini").get_data(as_text=True))
    assert client.post("/s/mini/start", data={"csrf_token": token}).status_code == 303


def test_broken_questionnaire__503_page_and_others_still_work(client, questionnaires_dir):
    (questionnaires_dir / "rozbity.yaml").write_text("id: rozbity\nversion: [\n", encoding="utf-8")
    broken = client.get("/s/rozbity")
    assert broken.status_code == 503
    assert "není k dispozici" in broken.get_data(as_text=True)
    assert client.get("/s/mini").status_code == 200


def test_unknown_questionnaire__404_page(client):
    response = client.get("/s/neexistuje")
    assert response.status_code == 404 and "<html" in response.get_data(as_text=True)


def test_security_headers__csp_no_inline_frame_ancestors(client):
    headers = client.get("/s/mini").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages__no_inline_scripts(client):
    html = client.get("/s/mini").get_data(as_text=True)
    start(client)
    html += client.get("/s/mini/q/vek").get_data(as_text=True)
    assert "<script>" not in html and "onclick" not in html


def test_abandoned_run__draft_purged_after_max_age(client, storage, app):
    import os
    import time
    start(client)
    client.post("/s/mini/q/vek", data={"vek": "8-11", "action": "next"})
    [draft] = list((storage.data_dir / "drafts").glob("*.json"))
    old = time.time() - (app.config["DRAFT_MAX_AGE_HOURS"] * 3600 + 60)
    os.utime(draft, (old, old))
    app.test_client().post("/s/mini/start")  # another respondent starts
    assert not draft.exists()
    assert len(list((storage.data_dir / "drafts").glob("*.json"))) == 1


def test_progress__hidden_screen_skipped__total_stays_and_last_is_total(client):
    start(client)
    client.post("/s/mini/q/vek", data={"vek": "12-14", "action": "next"})
    assert "2 / 5" in client.get("/s/mini/q/pocit").get_data(as_text=True)
    client.post("/s/mini/q/pocit", data={"pocit": "5", "action": "next"})
    assert "3 / 5" in client.get("/s/mini/q/strach").get_data(as_text=True)
    client.post("/s/mini/q/strach", data={"action": "next"})  # kde stays hidden
    assert "5 / 5" in client.get("/s/mini/q/prani").get_data(as_text=True)


CHILDREN_SCREENS = ["vek", "bezpeci_den", "bezpeci_vecer", "mapa", "obavy", "strategie", "komu", "potreby", "prani"]


def test_empty_run__nothing_answered__422_clear_message_nothing_stored(client, storage):
    start(client, "deti-bezpeci")
    for screen in CHILDREN_SCREENS[:-1]:
        response = client.post(f"/s/deti-bezpeci/q/{screen}", data={"action": "next"})
        assert response.status_code == 303, screen
    response = client.post("/s/deti-bezpeci/q/prani", data={"action": "next"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ('<p class="form-error" role="alert">Zatím tu není žádná odpověď, takže není co poslat. '
            'Odpověz aspoň na jednu otázku, nebo stránku jen zavři.</p>') in page
    assert storage.responses("deti-bezpeci") == []
    # one answer is enough: the run is stored
    assert client.post("/s/deti-bezpeci/q/prani", data={"prani": "Hřiště", "action": "next"}).status_code == 303
    assert [r["answers"] for r in storage.responses("deti-bezpeci")] == [{"prani": "Hřiště"}]


def test_empty_run__adults__vy_form(client, storage):
    location = start(client, "dospeli-bezpeci")
    response = None
    for _ in range(20):
        response = client.post(location, data={"action": "next"})
        if response.status_code != 303:
            break
        location = response.headers["Location"]
    assert response.status_code == 422
    assert "Odpovězte aspoň na jednu otázku, nebo stránku jen zavřete." in response.get_data(as_text=True)
    assert storage.responses("dospeli-bezpeci") == []


# --- the Nu Html Checker (vnu.jar) over every survey screen --------------------------------
REPO = Path(__file__).parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", REPO / ".venv" / "vnu" / "vnu.jar"))


def _all_survey_pages(client, questionnaire_id, lang=""):
    """{name: html} of the start page, every screen (empty, then with an error where one
    is possible) and the thank-you page of one run."""
    pages = {"start": client.get(f"/s/{questionnaire_id}{lang}").get_data(as_text=True)}
    location = start(client, questionnaire_id)
    for _ in range(30):
        if location.endswith("/dekujeme"):
            break
        name = location.rsplit("/", 1)[1]
        pages[name] = client.get(location).get_data(as_text=True)
        response = client.post(location, data={"action": "next"})
        if response.status_code == 422:
            pages[name + "-error"] = response.get_data(as_text=True)
            data = {"action": "next", "prani": "Lampa", "navrh": "Lampa", "vek": "8-11", "pocit": "3"}
            response = client.post(location, data=data)
        assert response.status_code == 303, (location, response.status_code, response.get_data(as_text=True)[-1500:])
        location = response.headers["Location"]
    pages["done"] = client.get(location).get_data(as_text=True)
    return pages


@pytest.mark.skipif(not VNU_JAR.is_file() or not shutil.which("java"),
                    reason="vnu.jar not installed: run `make vnu` (or set VNU_JAR) and install Java 17")
def test_nu_html_checker__every_survey_screen__no_error(client, tmp_path):
    files = []
    for questionnaire_id in ("deti-bezpeci", "dospeli-bezpeci", "mini"):
        for lang in ("", "?lang=en"):
            for name, page in _all_survey_pages(client, questionnaire_id, lang).items():
                path = tmp_path / f"{questionnaire_id}-{lang[6:] or 'cs'}-{name}.html"
                path.write_text(page, encoding="utf-8")
                files.append(str(path))
    assert len(files) > 40
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True, timeout=240)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [(Path(m.get("url", "")).name, m.get("lastLine"), m["message"]) for m in messages
              if m.get("type") == "error"]
    assert errors == []
