"""The facilitators' list of stored responses (/admin/responses, /admin/responses/<id>):
exact rows, newest first, 50 to a page, filters by wave and channel, the JSON twin,
the menu entry, and access (facilitator yes, city 403, anonymous to the login page)."""
import html
import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from survey_app.fieldwork import safeguarding
from survey_app.responses.answers import validate_answers
from survey_app.responses.submissions import build_record

URL = "/admin/responses/deti-bezpeci"
JSON = {"Accept": "application/json"}
MARK = {"lat": 50.5931, "lon": 13.5662, "category": "drogy", "feeling": "unsafe", "comment": "Tady stojí dealer."}
# (UTC time, channel, wave, answers); stored in this order, which is not the time order.
FIXTURE = [
    ("2026-03-10T08:00:00Z", "web", None, {"vek": "8-11", "bezpeci_den": 4}),
    ("2026-03-12T15:05:00Z", "tablet", "2026-jaro", {"vek": "12-14", "bezpeci_den": 2,
                                                     "prani": "Aby se táta přestal prát."}),
    ("2025-10-01T09:00:00Z", "focus_group", "2025-podzim", {"vek": "15-18"}),
    ("2026-03-12T15:30:00Z", "poster", "2026-jaro", {"vek": "8-11", "mapa": [MARK]}),
]


def store(app, storage, when, channel="web", wave=None, answers=None):
    """One response as the survey stores it, at a fixed time and through a channel."""
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    clean = validate_answers(questionnaire, answers or {"vek": "8-11"}, lang="cs")
    context = {"channel": channel, "wave": wave, "campaign_id": 1 if wave else None,
               "channel_id": 1 if wave else None}
    record = build_record(questionnaire, str(uuid.uuid4()), "cs", clean, context, now=when)
    return storage.add_response(record)[0]


@pytest.fixture
def stored(app, storage):
    """The four FIXTURE responses, by their channel."""
    return {channel: store(app, storage, when, channel, wave, answers) for when, channel, wave, answers in FIXTURE}


@pytest.fixture
def facilitator(login_as):
    return login_as("facilitator")


def rows(page) -> list[tuple]:
    """(response id, cell texts...) of each row of the list's table."""
    body = html.unescape(page.get_data(as_text=True))
    found = []
    for response_id, cells in re.findall(r'<tr data-response="([0-9a-f]+)">(.*?)</tr>', body, re.S):
        texts = [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td>(.*?)</td>", cells, re.S)]
        found.append((response_id, *texts))
    return found


def test_list__czech__exact_rows_newest_first_in_town_time(facilitator, stored, storage):
    safeguarding.flag_response(storage, "deti-bezpeci", stored["tablet"]["id"], "Informován OSPOD.", "x")
    page = facilitator.get(URL)
    assert page.status_code == 200
    assert rows(page) == [
        # 15:30 UTC is 16:30 in Litvínov in March (CET); the map comment is free text.
        (stored["poster"]["id"], "2026-03-12 16:30", "Plakát", "2026-jaro", "2", "ano", "ne", "Otevřít"),
        (stored["tablet"]["id"], "2026-03-12 16:05", "Tablet", "2026-jaro", "3", "ano", "ano", "Otevřít"),
        (stored["web"]["id"], "2026-03-10 09:00", "Web", "–", "2", "ne", "ne", "Otevřít"),
        # October: summer time (CEST, UTC+2).
        (stored["focus_group"]["id"], "2025-10-01 11:00", "Fokusní skupina", "2025-podzim", "1", "ne", "ne",
         "Otevřít"),
    ]
    body = html.unescape(page.get_data(as_text=True))
    assert "Počet nalezených odpovědí: 4 · strana 1 z 1" in body
    assert "Tady stojí dealer." not in body and "Aby se táta" not in body  # summaries only, no answer text
    assert 'rel="next"' not in body and 'rel="prev"' not in body


def test_list__row_links__open_the_existing_detail_page(facilitator, stored):
    body = facilitator.get(URL).get_data(as_text=True)
    for response in stored.values():
        assert f'<a href="{URL}/{response["id"]}">' in body
    detail = facilitator.get(f"{URL}/{stored['tablet']['id']}")
    assert detail.status_code == 200
    assert "Aby se táta přestal prát." in html.unescape(detail.get_data(as_text=True))
    assert f'<a href="{URL}">' in detail.get_data(as_text=True)  # back to the list


def test_list__flag_on_the_detail_page__row_says_needs_attention(facilitator, stored):
    response_id = stored["web"]["id"]
    flagged = facilitator.post(f"{URL}/{response_id}/flag", data={"action": "Mluvila jsem s dítětem."})
    assert flagged.status_code == 303
    [row] = [r for r in rows(facilitator.get(URL)) if r[0] == response_id]
    assert row[6] == "ano"


def test_list__json_twin__exact_body(facilitator, stored):
    body = facilitator.get(f"{URL}?wave=2026-jaro", headers=JSON).get_json()
    poster, tablet = stored["poster"], stored["tablet"]
    assert body == {
        "questionnaire_id": "deti-bezpeci", "page": 1, "pages": 1, "per_page": 50, "total": 2,
        "filters": {"wave": "2026-jaro", "channel": None},
        "waves": ["2025-podzim", "2026-jaro"], "channels": ["web", "poster", "tablet", "focus_group"],
        "responses": [
            {"id": poster["id"], "url": f"{URL}/{poster['id']}", "submitted_at": "2026-03-12T15:30:00Z",
             "date": "2026-03-12", "time": "16:30", "channel": "poster", "wave": "2026-jaro", "answers": 2,
             "free_text": True, "flagged": False, "demo": False},
            {"id": tablet["id"], "url": f"{URL}/{tablet['id']}", "submitted_at": "2026-03-12T15:05:00Z",
             "date": "2026-03-12", "time": "16:05", "channel": "tablet", "wave": "2026-jaro", "answers": 3,
             "free_text": True, "flagged": False, "demo": False},
        ],
        "prev": None, "next": None,
    }


@pytest.mark.parametrize("query, expected", [
    ("?wave=2026-jaro", ["poster", "tablet"]),
    ("?channel=web", ["web"]),
    ("?wave=2026-jaro&channel=tablet", ["tablet"]),
    ("?wave=&channel=", ["poster", "tablet", "web", "focus_group"]),  # the form's "all"
    ("?wave=2024-jaro", []),
])
def test_list__filters__only_matching_rows(facilitator, stored, query, expected):
    page = facilitator.get(URL + query)
    assert page.status_code == 200
    assert [r[0] for r in rows(page)] == [stored[channel]["id"] for channel in expected]
    if not expected:
        assert "Těmto filtrům neodpovídá žádná odpověď." in page.get_data(as_text=True)


def test_list__filter_form__offers_the_waves_and_channels_present(facilitator, stored):
    body = html.unescape(facilitator.get(f"{URL}?wave=2026-jaro&lang=en").get_data(as_text=True))
    assert re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', body) == [
        ("", "", "(all waves)"), ("2025-podzim", "", "2025-podzim"), ("2026-jaro", " selected", "2026-jaro"),
        ("", "", "(all channels)"), ("web", "", "Web"), ("poster", "", "Poster"), ("tablet", "", "Tablet"),
        ("focus_group", "", "Focus group")]


def test_list__unknown_channel__400_with_the_choices(facilitator, stored):
    czech = facilitator.get(f"{URL}?channel=sms", headers=JSON)
    assert czech.status_code == 400
    assert czech.get_json() == {"error": "bad_request", "message": (
        "Kanál: kanál „sms“ neexistuje (použijte jeden z těchto: web, poster, tablet, focus_group, link).")}
    english = facilitator.get(f"{URL}?channel=sms&lang=en")
    assert english.status_code == 400
    assert ("Channel: there is no channel “sms” (use one of: web, poster, tablet, focus_group, link)."
            in html.unescape(english.get_data(as_text=True)))


@pytest.fixture
def many(app, storage):
    """120 responses one minute apart (the newest last), the even ones in wave 2026-jaro."""
    start = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
    return [store(app, storage, (start + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "tablet" if i % 2 == 0 else "web", "2026-jaro" if i % 2 == 0 else None)
            for i in range(120)]


def test_list__120_responses__three_pages_of_50_50_20_newest_first(facilitator, many):
    newest_first = [r["id"] for r in reversed(many)]
    first, second, third = (facilitator.get(f"{URL}?page={n}", headers=JSON).get_json() for n in (1, 2, 3))
    assert [r["id"] for r in first["responses"]] == newest_first[:50]
    assert [r["id"] for r in second["responses"]] == newest_first[50:100]
    assert [r["id"] for r in third["responses"]] == newest_first[100:]
    assert (first["pages"], first["total"], first["prev"], first["next"]) == (3, 120, None, f"{URL}?page=2")
    assert (second["prev"], second["next"]) == (URL, f"{URL}?page=3")
    assert (third["prev"], third["next"]) == (f"{URL}?page=2", None)
    assert first["responses"][0]["time"] == "10:59"  # 09:59 UTC, CET
    page = facilitator.get(f"{URL}?page=2")
    assert len(rows(page)) == 50
    body = page.get_data(as_text=True)
    assert f'rel="prev" href="{URL}"' in body and f'rel="next" href="{URL}?page=3"' in body
    assert "strana 2 z 3" in body


def test_list__filtered_pages__links_keep_the_filters(facilitator, many):
    body = facilitator.get(f"{URL}?wave=2026-jaro&channel=tablet", headers=JSON).get_json()
    assert (body["total"], body["pages"], len(body["responses"])) == (60, 2, 50)
    assert body["next"] == f"{URL}?wave=2026-jaro&channel=tablet&page=2"
    second = facilitator.get(body["next"], headers=JSON).get_json()
    assert [r["id"] for r in second["responses"]] == [r["id"] for r in many[::2]][::-1][50:]
    assert second["prev"] == f"{URL}?wave=2026-jaro&channel=tablet"


@pytest.mark.parametrize("query, status, message", [
    ("?page=4", 404, "Stránka 4 neexistuje (počet stránek: 3)."),
    ("?page=0", 400, "Stránka: zadejte celé číslo od 1 (ne „0“)."),
    ("?page=dva", 400, "Stránka: zadejte celé číslo od 1 (ne „dva“)."),
])
def test_list__page_out_of_range_or_not_a_number__refused(facilitator, many, query, status, message):
    response = facilitator.get(URL + query, headers=JSON)
    assert response.status_code == status
    assert response.get_json()["message"] == message


def test_list__no_responses_or_unknown_questionnaire(facilitator):
    empty = facilitator.get("/admin/responses/dospeli-bezpeci")
    assert empty.status_code == 200 and rows(empty) == []
    assert "Zatím žádné odpovědi." in empty.get_data(as_text=True)
    assert facilitator.get("/admin/responses/neni-takovy").status_code == 404


def test_index__questionnaires_with_counts__and_json(facilitator, stored):
    body = facilitator.get("/admin/responses", headers=JSON).get_json()
    assert body == [
        {"id": "deti-bezpeci", "title": "Jak se cítíš v Janově?", "responses": 4, "url": URL},
        {"id": "dospeli-bezpeci", "title": "Bezpečí v Janově a v Litvínově", "responses": 0,
         "url": "/admin/responses/dospeli-bezpeci"}]
    page = facilitator.get("/admin/responses").get_data(as_text=True)
    assert f'<a href="{URL}">Jak se cítíš v Janově?</a>' in html.unescape(page)


def test_menu__facilitator_has_the_responses_entry__city_does_not(app, facilitator, login_as):
    home = html.unescape(facilitator.get("/admin/").get_data(as_text=True))
    assert '<a href="/admin/responses">Odpovědi</a>' in home
    assert "Jednotlivé odpovědi; označte ty, které potřebují pozornost." in home
    city = login_as("city", client=app.test_client())
    assert "/admin/responses" not in city.get("/admin/").get_data(as_text=True)


def test_access__city_403__anonymous_to_login_or_401_json(app, stored, login_as):
    city = login_as("city", client=app.test_client())
    for url in ("/admin/responses", URL, f"{URL}?page=2", f"{URL}/{stored['web']['id']}"):
        assert city.get(url).status_code == 403, url
        assert city.get(url, headers=JSON).get_json()["error"] == "forbidden", url
    anonymous = app.test_client()
    page = anonymous.get(f"{URL}?wave=2026-jaro")
    assert page.status_code == 302
    assert page.headers["Location"] == "/login?next=/admin/responses/deti-bezpeci?wave%3D2026-jaro"
    assert anonymous.get("/admin/responses").headers["Location"] == "/login?next=/admin/responses"
    api = anonymous.get(URL, headers=JSON)
    assert (api.status_code, api.get_json()["error"]) == (401, "unauthorized")


def test_detail__mark_as_test_run__button_toggles_and_the_flag_is_stored(facilitator, stored, storage):
    response = stored["tablet"]
    page = facilitator.get(f"{URL}/{response['id']}").get_data(as_text=True)
    assert f'action="{URL}/{response["id"]}/test-run"' in page and 'value="1"' in page
    assert "Označit jako zkušební" in page
    marked = facilitator.post(f"{URL}/{response['id']}/test-run", data={"test_run": "1"})
    assert marked.status_code == 303
    assert storage.test_runs("deti-bezpeci") == {response["submission_id"]}
    page = facilitator.get(f"{URL}/{response['id']}").get_data(as_text=True)
    assert "Není zkušební" in page and 'value="0"' in page and "zkušební vyplnění" in page
    facilitator.post(f"{URL}/{response['id']}/test-run", data={"test_run": "0"})
    assert storage.test_runs("deti-bezpeci") == set()
