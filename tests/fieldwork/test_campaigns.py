"""Campaigns and channels: the model (dates in Prague, tokens, counts), the public
addresses /c/<token> and /k/<token> (410 pages, tagged responses, kiosk resets) and
the admin pages under /admin/campaigns."""
import re
from datetime import datetime, timezone

import pytest

from survey_app.fieldwork import campaigns as model
from tests.conftest import csrf_token_from

ANSWERS = [("vek", {"vek": "8-11"}), ("pocit", {"pocit": "2"}), ("strach", {"strach": "tma"}),
           ("kde", {"kde": "park"}), ("prani", {"prani": "Tajné přání 42"})]


pytestmark = pytest.mark.usefixtures("only_mini_questionnaire")


@pytest.fixture
def campaign(app, storage):
    """An open campaign on `mini` with a tablet and a poster channel."""
    made, channels = model.create_campaign(storage, "mini", "2026-podzim",
                                           channels=[("tablet", "Sousedský dům Libuše"), ("poster", "Janov")])
    return {"campaign": made, "tablet": channels[0], "poster": channels[1]}


def utc(text):
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def run_through(client, first_location):
    """Answer every screen of `mini`; returns the final redirect (the thank-you page)."""
    location = first_location
    for screen, data in ANSWERS:
        assert location == f"/s/mini/q/{screen}"
        response = client.post(location, data={**data, "action": "next"})
        assert response.status_code == 303, response.get_data(as_text=True)
        location = response.headers["Location"]
    return location


# --- the model ---------------------------------------------------------------------

def test_campaign_state__dates_are_whole_days_in_prague__scheduled_open_closed():
    campaign = {"opens": "2026-10-01", "closes": "2026-10-31", "closed_at": None}
    # 1 October starts at 22:00 UTC on 30 September (summer time, UTC+2)...
    assert model.campaign_state(campaign, utc("2026-09-30T21:59:59")) == model.SCHEDULED
    assert model.campaign_state(campaign, utc("2026-09-30T22:00:00")) == model.OPEN
    # ...and 31 October ends at 23:00 UTC (winter time since 25 October, UTC+1).
    assert model.campaign_state(campaign, utc("2026-10-31T22:59:59")) == model.OPEN
    assert model.campaign_state(campaign, utc("2026-10-31T23:00:00")) == model.CLOSED
    assert model.campaign_state({**campaign, "closed_at": "2026-10-05T08:00:00Z"},
                                utc("2026-10-10T10:00:00")) == model.CLOSED
    assert model.campaign_state({"opens": None, "closes": None, "closed_at": None}) == model.OPEN


@pytest.mark.parametrize("kwargs, field, message", [
    ({"wave": "Podzim 2026"}, "wave", "'Podzim 2026' is not a wave label"),
    ({"wave": "2026--podzim"}, "wave", "'2026--podzim' is not a wave label"),
    ({"opens": "1.10.2026"}, "opens", "'1.10.2026' is not a date: write it as YYYY-MM-DD"),
    ({"opens": "2026-10-31", "closes": "2026-10-01"}, "closes", "the close date 2026-10-01 is before the open date 2026-10-31"),
    ({"channels": [("bus", "Janov")]}, "kind", "unknown channel kind 'bus'; use one of: poster, tablet, focus_group, link"),
    ({"channels": [("poster", "  ")]}, "channel name", "must not be empty"),
    ({"organiser": "x" * 121}, "organiser", "is 121 characters long, at most 120 are allowed"),
])
def test_create_campaign__invalid__error_names_field_and_reason(storage, kwargs, field, message):
    args = {"questionnaire_id": "mini", "wave": "2026-podzim", **kwargs}
    with pytest.raises(model.CampaignError) as caught:
        model.create_campaign(storage, **args)
    assert caught.value.field == field and caught.value.message.startswith(message)
    assert model.list_campaigns(storage) == []  # nothing half-created


def test_parse_channel_spec__kind_and_name__and_missing_colon_explained():
    assert model.parse_channel_spec("tablet:Sousedský dům Libuše") == ("tablet", "Sousedský dům Libuše")
    with pytest.raises(model.CampaignError, match=r'should be KIND:NAME, e.g. "poster:Janov"'):
        model.parse_channel_spec("Janov")


def test_channels__codes_are_8_typable_characters_and_distinct__found_by_code(storage, campaign):
    tokens = {c["token"] for c in model.channels_of(storage, campaign["campaign"]["id"])}
    assert len(tokens) == 2 and all(re.fullmatch(r"[23456789abcdefghjkmnpqrstuvwxyz]{8}", t) for t in tokens)
    found_campaign, found_channel = model.channel_by_token(storage, campaign["poster"]["token"])
    assert found_campaign["id"] == campaign["campaign"]["id"] and found_channel == campaign["poster"]
    # Typed in capitals from the poster: the same channel.
    assert model.channel_by_token(storage, campaign["poster"]["token"].upper())[1] == campaign["poster"]
    assert model.channel_by_token(storage, "x" * 22) == (None, None)
    assert model.channel_by_token(storage, "2345678") == (None, None)


def test_new_code__random_not_sequential__no_look_alikes():
    codes = [model.new_code() for _ in range(2000)]
    assert len(set(codes)) == 2000
    assert not set("".join(codes)) & set("01ilo")
    # Not sequential: consecutive codes share no more leading characters than chance.
    shared = sum(a[:2] == b[:2] for a, b in zip(codes, codes[1:]))
    assert shared < 10  # 1999 pairs, 1/961 chance each


def test_channel_by_token__old_22_character_token__still_works_exactly(storage, campaign):
    old = "AbCdEfGhIjKlMnOpQrStUv"
    storage.table(model.CHANNELS).update({"token": old}, doc_ids=[campaign["poster"]["id"]])
    assert model.channel_by_token(storage, old)[1]["id"] == campaign["poster"]["id"]
    assert model.channel_by_token(storage, old.lower()) == (None, None)


def test_c_token__old_22_character_token__start_page_still_served(client, storage, campaign):
    old = "AbCdEfGhIjKlMnOpQrStUv"
    storage.table(model.CHANNELS).update({"token": old}, doc_ids=[campaign["poster"]["id"]])
    response = client.get(f"/c/{old}")
    assert response.status_code == 200 and f'action="/c/{old}"' in response.get_data(as_text=True)


def test_c_token__code_typed_in_capitals__start_page(client, campaign):
    token = campaign["poster"]["token"]
    response = client.get(f"/c/{token.upper()}")
    assert response.status_code == 200


def test_channel_languages__default_czech__set_ukrainian__unknown_refused(storage, campaign):
    poster = campaign["poster"]
    assert poster["languages"] == "cs" and model.channel_languages(poster) == ["cs"]
    changed = model.set_channel_languages(storage, poster["id"], "cs+uk")
    assert model.channel_languages(changed) == ["cs", "uk"]
    assert model.channel_languages({"token": "x"}) == ["cs"]  # a channel stored before the field
    with pytest.raises(model.CampaignError) as info:
        model.set_channel_languages(storage, poster["id"], "uk")
    assert info.value.field == "languages" and "use one of: cs, cs+uk" in info.value.message


def test_public_address__setting_then_stored_then_request_unless_local():
    assert model.public_address("https://a.cz/", "https://b.cz", "https://c.cz/") == ("https://a.cz", "setting")
    assert model.public_address("", "https://b.cz", "https://c.cz/") == ("https://b.cz", "stored")
    assert model.public_address("", None, "https://c.cz/") == ("https://c.cz", "request")
    assert model.public_address("", None, "http://127.0.0.1:5000/") == (None, None)
    assert model.public_address("", None, "http://localhost/") == (None, None)
    assert model.public_address("", None, None) == (None, None)


def test_store_address__checked__saved__forgotten(storage):
    assert model.store_address(storage, " https://bezpeci.litvinov.cz/ ") == "https://bezpeci.litvinov.cz"
    assert model.stored_address(storage) == "https://bezpeci.litvinov.cz"
    with pytest.raises(model.CampaignError) as info:
        model.store_address(storage, "bezpeci litvinov")
    assert info.value.field == "address"
    assert model.stored_address(storage) == "https://bezpeci.litvinov.cz"
    assert model.store_address(storage, "") is None and model.stored_address(storage) is None


def test_response_counts__per_channel_and_local_day__reads_no_answers():
    records = [
        {"campaign_id": 1, "channel_id": 1, "submitted_at": "2026-10-01T08:00:00Z", "answers": {"a": 1}},
        {"campaign_id": 1, "channel_id": 2, "submitted_at": "2026-10-01T21:59:59Z"},
        {"campaign_id": 1, "channel_id": 1, "submitted_at": "2026-10-01T22:00:00Z"},  # 2 Oct in Prague
        {"campaign_id": 2, "channel_id": 3, "submitted_at": "2026-10-01T08:00:00Z"},  # other campaign
        {"campaign_id": None, "channel": "web", "submitted_at": "2026-10-01T08:00:00Z"},
    ]
    counts = model.response_counts(records, 1)
    assert counts == model.Counts(total=3, by_channel={1: 2, 2: 1},
                                  days=[("2026-10-01", {1: 1, 2: 1}, 2), ("2026-10-02", {1: 1}, 1)])


def test_close_campaign__twice__keeps_first_time(storage, campaign):
    campaign_id = campaign["campaign"]["id"]
    first = model.close_campaign(storage, campaign_id, now=utc("2026-10-05T08:00:00"))
    second = model.close_campaign(storage, campaign_id, now=utc("2026-10-06T08:00:00"))
    assert first["closed_at"] == second["closed_at"] == "2026-10-05T08:00:00Z"


# --- /c/<token> ----------------------------------------------------------------------

def test_c_token__open__start_page_then_response_carries_campaign_wave_channel(client, storage, campaign):
    token = campaign["poster"]["token"]
    page = client.get(f"/c/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store, max-age=0"
    assert "Malý dotazník" in html and f'action="/c/{token}"' in html
    started = client.post(f"/c/{token}")
    assert started.status_code == 303
    assert run_through(client, started.headers["Location"]) == "/s/mini/dekujeme"
    [record] = storage.responses("mini")
    assert {k: record[k] for k in ("channel", "campaign_id", "wave", "channel_id")} == {
        "channel": "poster", "campaign_id": campaign["campaign"]["id"], "wave": "2026-podzim",
        "channel_id": campaign["poster"]["id"]}
    done = client.get("/s/mini/dekujeme").get_data(as_text=True)
    assert f'data-home="/c/{token}"' in done and "kiosk.js" not in done


def test_c_token__unknown__404(client):
    assert client.get("/c/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404
    assert client.post("/c/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404
    assert client.get("/k/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404


def test_c_token__closed__410_friendly_czech_page_and_nothing_started(client, storage, campaign):
    model.close_campaign(storage, campaign["campaign"]["id"])
    token = campaign["poster"]["token"]
    for response in (client.get(f"/c/{token}"), client.post(f"/c/{token}"), client.get(f"/k/{campaign['tablet']['token']}")):
        html = response.get_data(as_text=True)
        assert response.status_code == 410
        assert "<h1>Šetření skončilo</h1>" in html
        assert "Toto šetření už odpovědi nesbírá" in html
    assert list(storage.drafts_dir.glob("*.json")) == []


def test_c_token__before_opening__410_with_the_date(client, storage):
    _campaign, [channel] = model.create_campaign(storage, "mini", "2099-jaro", opens="2099-03-01",
                                                 channels=[("poster", "Škola")])
    response = client.get(f"/c/{channel['token']}")
    html = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "<h1>Šetření ještě nezačalo</h1>" in html and "Přijď prosím od 1. března 2099. Děkujeme!" in html
    as_json = client.get(f"/c/{channel['token']}", headers={"Accept": "application/json"})
    assert as_json.status_code == 410
    assert as_json.get_json() == {"error": "scheduled", "message": "Šetření ještě nezačalo", "opens": "2099-03-01"}


# --- /k/<token> ----------------------------------------------------------------------

def test_k_token__poster_channel__404(client, campaign):
    assert client.get(f"/k/{campaign['poster']['token']}").status_code == 404
    assert client.post(f"/k/{campaign['poster']['token']}").status_code == 404


def test_k_token__start_page__big_button_no_admin_links_no_store_and_timings(client, campaign):
    token = campaign["tablet"]["token"]
    response = client.get(f"/k/{token}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store, max-age=0"
    assert f'<form method="post" action="/k/{token}" id="kiosk-start-form">' in html
    assert '<button class="button button-go kiosk-go" type="submit">Začít</button>' in html
    assert "/admin" not in html and 'class="brand" href' not in html
    assert 'data-idle-seconds="90"' in html and 'data-prompt-seconds="20"' in html
    assert f'data-reset="/k/{token}/reset"' in html and "/static/js/kiosk.js" in html
    assert "Jsi tu ještě?" in html and "Ano, pokračuji" in html


def test_kiosk__idle_seconds_from_config(app_config, campaign):
    from survey_app import create_app
    app = create_app({**app_config, "KIOSK_IDLE_SECONDS": 45})
    html = app.test_client().get(f"/k/{campaign['tablet']['token']}").get_data(as_text=True)
    assert 'data-idle-seconds="45"' in html


def test_kiosk__two_children__new_submission_ids__old_screens_lead_to_kiosk_start(client, storage, campaign):
    token = campaign["tablet"]["token"]
    for _child in range(2):
        client.get(f"/k/{token}")
        started = client.post(f"/k/{token}")
        first = started.headers["Location"]
        screen = client.get(first).get_data(as_text=True)
        assert "/static/js/kiosk.js" in screen
        assert 'body class="audience-children survey-screen kiosk"' in screen
        done = run_through(client, first)
        thanks = client.get(done).get_data(as_text=True)
        assert f'data-home="/k/{token}"' in thanks and "/static/js/kiosk.js" in thanks
    records = storage.responses("mini")
    assert len(records) == 2 and records[0]["submission_id"] != records[1]["submission_id"]
    assert [r["channel"] for r in records] == ["tablet", "tablet"]
    assert [r["channel_id"] for r in records] == [campaign["tablet"]["id"]] * 2
    # The previous child's screens are gone: they lead to the kiosk start, not to answers.
    client.get(f"/k/{token}")
    for screen, _data in ANSWERS:
        response = client.get(f"/s/mini/q/{screen}")
        assert response.status_code == 302 and response.headers["Location"] == f"/k/{token}"
    assert client.get("/s/mini/dekujeme").headers["Location"] == f"/k/{token}"


def test_kiosk_reset__deletes_the_draft__screens_redirect_to_start(client, storage, campaign):
    token = campaign["tablet"]["token"]
    client.get(f"/k/{token}")
    first = client.post(f"/k/{token}").headers["Location"]
    client.post(first, data={"vek": "12-14", "action": "next"})
    assert len(list(storage.drafts_dir.glob("*.json"))) == 1
    reset = client.post(f"/k/{token}/reset")
    assert reset.status_code == 303 and reset.headers["Location"] == f"/k/{token}"
    assert list(storage.drafts_dir.glob("*.json")) == []
    assert client.get("/s/mini/q/pocit").headers["Location"] == f"/k/{token}"
    assert storage.responses("mini") == []


def test_kiosk_start_page__clears_an_unfinished_run(client, storage, campaign):
    token = campaign["tablet"]["token"]
    first = client.post(f"/k/{token}").headers["Location"]
    client.post(first, data={"vek": "12-14", "action": "next"})
    client.get(f"/k/{token}")
    assert list(storage.drafts_dir.glob("*.json")) == []


def test_kiosk_start_page__logs_the_facilitator_out(client, login_as, campaign):
    login_as("facilitator")
    assert client.get("/admin/campaigns").status_code == 200
    client.get(f"/k/{campaign['tablet']['token']}")
    leaving = client.get("/admin/campaigns")
    assert leaving.status_code == 302 and leaving.headers["Location"].startswith("/login")


def test_kiosk__csrf_on__start_and_reset_need_the_token(csrf_app):
    storage = csrf_app.extensions["survey_storage"]
    _campaign, [tablet] = model.create_campaign(storage, "mini", "2026-podzim", channels=[("tablet", "Libuše")])
    client = csrf_app.test_client()
    token = tablet["token"]
    assert client.post(f"/k/{token}").status_code == 400
    csrf = csrf_token_from(client.get(f"/k/{token}").get_data(as_text=True))
    assert client.post(f"/k/{token}", data={"csrf_token": csrf}).status_code == 303
    assert client.post(f"/k/{token}/reset").status_code == 400
    assert client.post(f"/k/{token}/reset", data={"csrf_token": csrf}).status_code == 303


# --- /admin/campaigns ----------------------------------------------------------------

def test_admin_campaigns__anonymous_and_city__refused(client, login_as):
    response = client.get("/admin/campaigns")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.get("/admin/campaigns", headers={"Accept": "application/json"}).status_code == 401
    login_as("city")
    assert client.get("/admin/campaigns").status_code == 403
    assert client.post("/admin/campaigns/new", data={"questionnaire": "mini", "wave": "x"}).status_code == 403


def test_admin_new_campaign__form__created_listed_and_channel_added(client, login_as, storage):
    login_as("facilitator")
    form = client.get("/admin/campaigns/new").get_data(as_text=True)
    assert '<option value="mini">mini – Malý dotazník</option>' in form
    created = client.post("/admin/campaigns/new", data={
        "questionnaire": "mini", "wave": "2026-podzim", "opens": "2026-10-01", "closes": "2026-10-31",
        "organiser": "MY Litvínov"})
    assert created.status_code == 303 and created.headers["Location"] == "/admin/campaigns/1"
    [stored] = model.list_campaigns(storage)
    assert {k: stored[k] for k in ("questionnaire_id", "wave", "opens", "closes", "organiser")} == {
        "questionnaire_id": "mini", "wave": "2026-podzim", "opens": "2026-10-01", "closes": "2026-10-31",
        "organiser": "MY Litvínov"}
    listing = client.get("/admin/campaigns").get_data(as_text=True)
    assert "<code>2026-podzim</code>" in listing and "2026-10-01 – 2026-10-31" in listing
    added = client.post("/admin/campaigns/1/channels", data={"kind": "tablet", "name": "Sousedský dům Libuše"})
    assert added.status_code == 303
    [channel] = model.channels_of(storage, 1)
    assert (channel["kind"], channel["name"]) == ("tablet", "Sousedský dům Libuše")
    detail = client.get("/admin/campaigns/1").get_data(as_text=True)
    assert f"<code>/k/{channel['token']}</code>" in detail


def test_admin_new_campaign__invalid__422_with_reasons(client, login_as, storage):
    login_as("facilitator")
    response = client.post("/admin/campaigns/new", data={
        "questionnaire": "mini", "wave": "Podzim 2026", "opens": "2026-10-31", "closes": "2026-10-01",
        "organiser": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Použijte malá písmena, číslice a pomlčky, např. 2026-podzim." in html
    assert "Datum konce je před datem začátku." in html
    assert model.list_campaigns(storage) == []


def test_admin_edit_and_close__dates_saved__then_public_address_410(client, login_as, storage, campaign):
    login_as("facilitator")
    campaign_id = campaign["campaign"]["id"]
    saved = client.post(f"/admin/campaigns/{campaign_id}",
                        data={"opens": "2026-09-01", "closes": "", "organiser": "MY Litvínov"})
    assert saved.status_code == 303
    stored = model.get_campaign(storage, campaign_id)
    assert (stored["opens"], stored["closes"], stored["organiser"]) == ("2026-09-01", None, "MY Litvínov")
    assert client.post(f"/admin/campaigns/{campaign_id}/close").status_code == 303
    assert model.campaign_state(model.get_campaign(storage, campaign_id)) == model.CLOSED
    assert client.get(f"/c/{campaign['poster']['token']}").status_code == 410
    assert client.get("/admin/campaigns/999").status_code == 404


def test_admin_detail__counts_per_channel_and_day__never_answer_text(client, login_as, make_response, campaign):
    c, tablet, poster = campaign["campaign"], campaign["tablet"], campaign["poster"]
    for channel in (tablet, tablet, poster):
        make_response("mini", context=model.run_context(c, channel), vek="8-11", pocit=3, prani="Tajné přání 42")
    make_response("mini", vek="8-11", pocit=3)  # plain /s/ response: not this campaign's
    login_as("facilitator")
    html = client.get(f"/admin/campaigns/{c['id']}").get_data(as_text=True)
    assert "Tajné přání" not in html and "8-11" not in html
    total_row = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    assert re.findall(r"<td>(?:<strong>)?(\d+)", total_row) == ["2", "1", "3"]
    as_json = client.get(f"/admin/campaigns/{c['id']}", headers={"Accept": "application/json"}).get_json()
    day = as_json["responses"]["by_day"][0]["day"]
    assert as_json["responses"] == {"total": 3, "by_day": [
        {"day": day, "total": 3, "by_channel": {str(tablet["id"]): 2, str(poster["id"]): 1}}]}
    assert [(ch["kind"], ch["responses"]) for ch in as_json["channels"]] == [("tablet", 2), ("poster", 1)]
    assert "Tajné" not in str(as_json)


# --- the thank-you page and the kiosk start page (issue 14) ------------------------------

def _finish(client, path):
    started = client.post(path)
    assert run_through(client, started.headers["Location"]) == "/s/mini/dekujeme"
    return client.get("/s/mini/dekujeme").get_data(as_text=True)


def _shown(html):
    """The page without its speakers' names and tooltips (they say the text they read)."""
    return re.sub(r' (aria-label|title)="[^"]*"', "", html)


def test_done__end_text_starts_with_thank_you__said_once__help_line_shown(client, campaign):
    html = _finish(client, f"/c/{campaign['poster']['token']}")
    assert _shown(html).count("Děkujeme!") == 1  # the end text's speaker names it, as it reads it
    # The read-aloud button sits between the heading and the end text; the speaker ends it.
    assert '<h1>Děkujeme!</h1>' in html
    assert '<p class="end-text">Když se děje něco zlého, volej Linku bezpečí 116 111. ' in html
    assert '<a class="phone" href="tel:116111">116 111</a>' in html
    assert "data-kiosk-countdown" not in html and "Hotovo" not in html  # a phone: no countdown


def test_done__adults_questionnaire__help_line_shown_too(app, questionnaires_dir):
    import shutil
    from pathlib import Path

    from flask import render_template

    from survey_app.web.registry import get_registry
    shutil.copy(Path(__file__).parents[2] / "questionnaires" / "dospeli-bezpeci.yaml", questionnaires_dir)
    with app.test_request_context():
        questionnaire = get_registry().get("dospeli-bezpeci")
        assert questionnaire.audience == "adults"
        html = render_template("survey/done.html", q=questionnaire, home=None)
    assert html.count("Linka bezpečí") == 1 and 'href="tel:116111"' in html


def test_done__kiosk__hotovo_and_60_s_countdown_text(client, campaign):
    token = campaign["tablet"]["token"]
    client.get(f"/k/{token}")
    html = _finish(client, f"/k/{token}")
    assert (f'<a class="button button-go button-big kiosk-done" href="/k/{token}" data-kiosk-home>Hotovo</a>'
            in html)
    assert ('<p class="kiosk-countdown" role="timer" hidden data-kiosk-countdown\n'
            '     data-text="Zpět na začátek za {s} s"></p>') in html
    assert 'data-return-seconds="60"' in html and _shown(html).count("Děkujeme!") == 1


def test_kiosk_start__help_line_shown(client, campaign):
    html = client.get(f"/k/{campaign['tablet']['token']}").get_data(as_text=True)
    assert '<p class="helpline"><strong>Linka bezpečí</strong> <a class="phone" href="tel:116111">116 111</a></p>' in html


def test_kiosk_start_and_done__results_page__linked(app, storage, only_mini_questionnaire):
    _made, [tablet] = model.create_campaign(storage, "mini", "2026-podzim", channels=[("tablet", "Libuše")])
    client = app.test_client()
    link = '<p class="results-link"><a href="/vysledky/mini">Výsledky šetření</a></p>'
    assert link in client.get(f"/k/{tablet['token']}").get_data(as_text=True)
    assert link in _finish(client, f"/k/{tablet['token']}")


def test_done__adults_questionnaire__adults_lines_before_linka_bezpeci(app, questionnaires_dir):
    import shutil
    from pathlib import Path

    from flask import render_template

    from survey_app.web.registry import get_registry
    shutil.copy(Path(__file__).parents[2] / "questionnaires" / "dospeli-bezpeci.yaml", questionnaires_dir)
    with app.test_request_context():
        html = render_template("survey/done.html", q=get_registry().get("dospeli-bezpeci"), home=None)
    first = html.index('<p class="helpline"><strong>Linka první psychické pomoci</strong> '
                       '<a class="phone" href="tel:116123">116 123</a></p>')
    second = html.index('<p class="helpline"><strong>Linka pomoci obětem kriminality</strong> '
                        '<a class="phone" href="tel:116006">116 006</a></p>')
    assert first < second < html.index('href="tel:116111"')


def test_done__children__no_adults_lines(client, campaign):
    html = _finish(client, f"/c/{campaign['poster']['token']}")
    assert "116 123" not in html and "116 006" not in html
