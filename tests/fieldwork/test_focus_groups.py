"""Focus-group records: the pure module, the pages (real HTTP round trips) and the
merged outputs for exports."""
import html
import json
import re

import pytest

from survey_app.fieldwork import campaigns
from survey_app.fieldwork import focus_groups as fg

SESSION = {
    "date": "2026-03-12", "place": "Sousedský dům Libuše",
    "facilitators": "Jana Nováková\nPetr Svoboda",
    "comp__8-11__girl": "3", "comp__8-11__boy": "2", "comp__12-14__girl": "1", "comp__12-14__boy": "2",
    "parental_consents": "8", "assents": "8", "consent_confirmed": "y",
    "free_notes": "Skupina byla živá.",
}
# Inside the deti-bezpeci map's bounds (Janov).
DRUGS = {"lat": "50.5931", "lon": "13.5662", "category": "drogy", "experience": "heard", "agreed": "4",
         "quote": "U garáží se prodávají drogy.", "age_band": "12-14"}
SYRINGES = {"lat": "50.5902", "lon": "13.5701", "category": "strikacky", "experience": "own", "agreed": "2",
            "quote": "Na hřišti jsme našli stříkačky."}
RACISM = {"place": "janov-hriste", "category": "rasismus", "experience": "own", "agreed": "3",
          "quote": "Kluci na nás křičeli kvůli barvě kůže."}


@pytest.fixture
def campaign(storage):
    created, _ = campaigns.create_campaign(storage, "deti-bezpeci", "2026-jaro",
                                           channels=[("focus_group", "Libuše")])
    return created


@pytest.fixture
def facilitator(client, login_as):
    return login_as("facilitator")


@pytest.fixture
def record(facilitator, campaign, storage):
    response = facilitator.post(f"/admin/focus-groups/new?campaign_id={campaign['id']}",
                                data={**SESSION, "campaign_id": campaign["id"]})
    assert response.status_code == 303
    return fg.list_sessions(storage)[0]


def spec(app):
    return fg.spec_for(app.extensions["survey_registry"].get("deti-bezpeci"))


def test_spec__deti_bezpeci__categories_bands_and_tally_codes_from_the_file(app):
    s = spec(app)
    mapa = app.extensions["survey_registry"].get("deti-bezpeci").question("mapa")
    assert list(s.categories) == [c.value for c in mapa.config["categories"]]
    assert {"drogy", "strikacky", "rasismus"} <= set(s.categories)
    assert list(s.age_bands) == ["8-11", "12-14", "15-18"]
    assert list(s.tally_options["strategie"]) == ["vyhybam_se", "ve_skupine", "volam_policii",
                                                  "reknu_dospelemu", "jine"]
    assert list(s.tally_options["potreby"]) == ["misto_na_setkani", "hriste", "hudebni_klub", "posilovna", "jine"]


def test_new_focus_group__valid_form__stored_with_counts_and_who_created_it(record, campaign):
    assert record["campaign_id"] == campaign["id"] and record["wave"] == "2026-jaro"
    assert record["facilitators"] == ["Jana Nováková", "Petr Svoboda"]
    assert record["composition"] == {"8-11": {"girl": 3, "boy": 2, "other": 0},
                                     "12-14": {"girl": 1, "boy": 2, "other": 0},
                                     "15-18": {"girl": 0, "boy": 0, "other": 0}}
    assert fg.children_present(record) == 8
    assert record["consent"] == {"confirmed": True, "parental": 8, "assent": 8}
    assert record["created_by"] == "facilitator@example.org"
    assert [h["field"] for h in record["history"]] == ["created"]


@pytest.mark.parametrize("change, field_label", [
    ({"consent_confirmed": ""}, "Consent"),
    ({"parental_consents": "7"}, "Parental consents"),
    ({"assents": "5"}, "Children's assents"),
])
def test_new_focus_group__consent_missing_or_short__422_and_nothing_stored(facilitator, campaign, storage,
                                                                           change, field_label):
    form = {**SESSION, "campaign_id": campaign["id"], **change}
    response = facilitator.post(f"/admin/focus-groups/new?campaign_id={campaign['id']}&lang=en", data=form)
    assert response.status_code == 422
    assert f"{field_label}: " in html.unescape(response.get_data(as_text=True))
    assert fg.list_sessions(storage) == []


def test_parse_session__no_children_or_unknown_campaign__names_the_field(app, campaign):
    with pytest.raises(fg.FocusGroupError) as no_children:
        fg.parse_session({**SESSION, "campaign_id": str(campaign["id"]), "comp__8-11__girl": "0",
                          "comp__8-11__boy": "0", "comp__12-14__girl": "0", "comp__12-14__boy": "0"},
                         spec(app), lambda cid: campaign if cid == campaign["id"] else None)
    assert no_children.value.field == "composition"
    with pytest.raises(fg.FocusGroupError) as unknown:
        fg.parse_session({**SESSION, "campaign_id": "99"}, spec(app), lambda cid: None)
    assert (unknown.value.field, unknown.value.code, unknown.value.params) == ("campaign_id", "no_campaign", {"id": 99})
    assert unknown.value.message("en") == "there is no campaign 99"
    assert unknown.value.message("cs") == "šetření 99 neexistuje"


def test_add_notes__point_and_place__stored_in_order(facilitator, record, storage):
    for note in (DRUGS, SYRINGES, RACISM):
        assert facilitator.post(f"/admin/focus-groups/{record['id']}/notes", data=note).status_code == 303
    notes = fg.get_session(storage, record["id"])["notes"]
    assert [(n["category"], n["lat"], n["lon"], n["place"], n["agreed"], n["experience"], n["age_band"])
            for n in notes] == [("drogy", 50.5931, 13.5662, None, 4, "heard", "12-14"),
                                ("strikacky", 50.5902, 13.5701, None, 2, "own", None),
                                ("rasismus", None, None, "janov-hriste", 3, "own", None)]


@pytest.mark.parametrize("change, message", [
    ({"category": "tma"}, "What is there: choose a category"),
    ({"lat": "50.70"}, "Point on the map: the point 50.7, 13.5662 is outside the map"),
    ({"lat": "", "lon": ""}, "Point on the map: put the note on the map or choose a place"),
    ({"experience": ""}, "Own experience or heard about it: choose own experience or heard about it"),
    ({"agreed": "9"}, "How many agreed: must be between 1 and 8 (found 9)"),
])
def test_add_note__bad_field__422_names_it_and_stores_nothing(facilitator, record, storage, change, message):
    response = facilitator.post(f"/admin/focus-groups/{record['id']}/notes?lang=en", data={**DRUGS, **change})
    assert response.status_code == 422
    assert message in html.unescape(response.get_data(as_text=True))
    assert fg.get_session(storage, record["id"])["notes"] == []


def test_edit_note__quote_corrected__history_says_who_what_when(facilitator, record, storage):
    facilitator.post(f"/admin/focus-groups/{record['id']}/notes", data=DRUGS)
    note_id = fg.get_session(storage, record["id"])["notes"][0]["id"]
    response = facilitator.post(f"/admin/focus-groups/{record['id']}/notes/{note_id}/edit",
                                data={**DRUGS, "quote": "U garáží prodávají drogy, večer.", "agreed": "5"})
    assert response.status_code == 303
    saved = fg.get_session(storage, record["id"])
    assert saved["notes"][0]["quote"] == "U garáží prodávají drogy, večer."
    changes = [(h["by"], h["field"], h["old"], h["new"]) for h in saved["history"][2:]]
    assert changes == [("facilitator@example.org", f"note {note_id}: quote", "U garáží se prodávají drogy.",
                        "U garáží prodávají drogy, večer."),
                       ("facilitator@example.org", f"note {note_id}: agreed", 4, 5)]
    assert all(h["at"].endswith("Z") and len(h["at"]) == 20 for h in saved["history"])
    page = facilitator.get(f"/admin/focus-groups/{record['id']}").get_data(as_text=True)
    assert (f'<strong class="fg-history-what">Lístek {note_id}: Co zaznělo</strong>: '
            '<span class="fg-old">U garáží se prodávají drogy.</span> → '
            '<span class="fg-new">U garáží prodávají drogy, večer.</span>') in page


def test_delete_note__gone_and_history_keeps_the_old_note(facilitator, record, storage):
    facilitator.post(f"/admin/focus-groups/{record['id']}/notes", data=SYRINGES)
    note_id = fg.get_session(storage, record["id"])["notes"][0]["id"]
    # "Smazat" on the record page is a link to a confirmation page, not a delete.
    view = facilitator.get(f"/admin/focus-groups/{record['id']}").get_data(as_text=True)
    confirm_url = f"/admin/focus-groups/{record['id']}/notes/{note_id}/delete"
    assert f'href="{confirm_url}"\n           data-fg-confirm="Smazat tento lístek? Nedá se to vrátit.">Smazat</a>' in view
    # The JS dialog's form is hidden: without JavaScript only the link is there.
    assert f'<form method="post" hidden data-fg-delete-form action="{confirm_url}">' in view
    confirm = facilitator.get(confirm_url)
    body = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "<h1>Smazat lístek?</h1>" in body
    assert f'<form method="post" action="{confirm_url}" class="inline-form" id="delete-form">' in body
    assert '<button class="button button-danger" type="submit">Ano, smazat lístek</button>' in body
    assert "<blockquote>Na hřišti jsme našli stříkačky.</blockquote>" in body
    assert f'href="/admin/focus-groups/{record["id"]}#note-{note_id}">Ne, ponechat</a>' in body
    assert len(fg.get_session(storage, record["id"])["notes"]) == 1  # asking deleted nothing
    assert facilitator.post(f"/admin/focus-groups/{record['id']}/notes/{note_id}/delete").status_code == 303
    saved = fg.get_session(storage, record["id"])
    assert saved["notes"] == []
    assert saved["history"][-1]["field"] == f"note {note_id}"
    assert saved["history"][-1]["old"]["quote"] == "Na hřišti jsme našli stříkačky." and saved["history"][-1]["new"] is None


def test_edit_session__place_changed__history_entry_per_changed_field(facilitator, record, storage):
    form = {**SESSION, "campaign_id": record["campaign_id"], "place": "NZDM Jaklík"}
    assert facilitator.post(f"/admin/focus-groups/{record['id']}/edit", data=form).status_code == 303
    saved = fg.get_session(storage, record["id"])
    assert [(h["field"], h["old"], h["new"]) for h in saved["history"][1:]] == [
        ("place", "Sousedský dům Libuše", "NZDM Jaklík")]


def test_tallies__saved_exactly__count_over_children_present_refused(facilitator, record, storage):
    form = {"tally__strategie__vyhybam_se": "6", "tally__strategie__ve_skupine": "5",
            "tally__strategie__volam_policii": "3", "tally__potreby__misto_na_setkani": "7",
            "tally__potreby__hriste": "4", "tally__potreby__hudebni_klub": "2", "tally__potreby__posilovna": "3",
            "quotes__potreby": "Chceme místo, kde nikoho nerušíme."}
    assert facilitator.post(f"/admin/focus-groups/{record['id']}/tallies", data=form).status_code == 303
    saved = fg.get_session(storage, record["id"])
    assert saved["tallies"] == {
        "strategie": {"vyhybam_se": 6, "ve_skupine": 5, "volam_policii": 3, "reknu_dospelemu": 0, "jine": 0},
        "potreby": {"misto_na_setkani": 7, "hriste": 4, "hudebni_klub": 2, "posilovna": 3, "jine": 0}}
    assert saved["tally_quotes"] == {"strategie": "", "potreby": "Chceme místo, kde nikoho nerušíme."}
    bad = facilitator.post(f"/admin/focus-groups/{record['id']}/tallies?lang=en",
                           data={**form, "tally__potreby__hriste": "9"})
    assert bad.status_code == 422
    assert "Tallies: must be between 0 and 8 (found 9)" in html.unescape(bad.get_data(as_text=True))


def test_api__facilitator_gets_the_record_as_json(facilitator, record):
    facilitator.post(f"/admin/focus-groups/{record['id']}/notes", data=RACISM)
    body = facilitator.get(f"/api/v1/focus-groups/{record['id']}").get_json()
    assert body["id"] == record["id"] and body["children_present"] == 8
    assert body["notes"][0]["quote"] == "Kluci na nás křičeli kvůli barvě kůže."
    assert facilitator.get("/api/v1/focus-groups/999").get_json()["error"] == "not_found"


def test_access__city_403__anonymous_401_json_and_login_redirect(app, record, login_as):
    anonymous = app.test_client()
    api = anonymous.get(f"/api/v1/focus-groups/{record['id']}")
    assert (api.status_code, api.get_json()["error"]) == (401, "unauthorized")
    page = anonymous.get(f"/admin/focus-groups/{record['id']}")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login?next=")
    city = login_as("city", client=app.test_client())
    for url in ("/admin/focus-groups", f"/admin/focus-groups/{record['id']}", "/admin/focus-groups/new",
                "/admin/safeguarding"):
        assert city.get(url).status_code == 403, url
    assert city.get(f"/api/v1/focus-groups/{record['id']}").status_code == 403
    assert city.post(f"/admin/focus-groups/{record['id']}/notes", data=DRUGS).status_code == 403


def test_merged_outputs__two_sessions__exact_marks_tallies_and_composition(app, storage, campaign):
    s = spec(app)
    lookup = {campaign["id"]: campaign}.get
    first = fg.create_session(storage, s, fg.parse_session({**SESSION, "campaign_id": str(campaign["id"])}, s, lookup),
                              "a@example.org")
    second = fg.create_session(storage, s, fg.parse_session(
        {**SESSION, "campaign_id": str(campaign["id"]), "comp__8-11__girl": "0", "comp__8-11__boy": "0",
         "comp__12-14__girl": "0", "comp__12-14__boy": "0", "comp__15-18__girl": "2", "comp__15-18__boy": "2",
         "parental_consents": "4", "assents": "4"}, s, lookup), "a@example.org")
    _, drugs_id = fg.add_note(storage, first["id"], fg.parse_note(DRUGS, s, first), "a@example.org")
    fg.add_note(storage, second["id"], fg.parse_note(RACISM, s, second), "a@example.org")
    fg.set_tallies(storage, first["id"], *fg.parse_tallies({"tally__strategie__vyhybam_se": "6",
                                                           "tally__potreby__hriste": "4"}, s, first), "a@example.org")
    fg.set_tallies(storage, second["id"], *fg.parse_tallies({"tally__strategie__vyhybam_se": "3",
                                                            "tally__potreby__posilovna": "4"}, s, second),
                   "a@example.org")

    marks = fg.focus_group_marks(storage, "deti-bezpeci", "2026-jaro")
    assert marks[0] == {"response_id": f"fg{first['id']}-{drugs_id}", "focus_group_id": first["id"],
                        "question": "mapa", "lat": 50.5931, "lon": 13.5662, "place": None, "category": "drogy",
                        "feeling": "unsafe", "agreed": 4, "experience": "heard", "age_band": "12-14",
                        "channel": "focus_group", "campaign_id": campaign["id"], "wave": "2026-jaro",
                        "questionnaire_id": "deti-bezpeci", "date": "2026-03-12"}
    assert [(m["category"], m["place"], m["agreed"]) for m in marks] == [("drogy", None, 4),
                                                                         ("rasismus", "janov-hriste", 3)]
    assert "quote" not in marks[1]
    assert fg.focus_group_marks(storage, "deti-bezpeci", include_text=True)[1]["quote"] == RACISM["quote"]
    assert fg.focus_group_marks(storage, "deti-bezpeci", "2025-podzim") == []

    tallies = fg.focus_group_tallies(storage, "deti-bezpeci", "2026-jaro")
    assert tallies["strategie"] == {"base": 12, "sessions": 2, "counts": {
        "vyhybam_se": 9, "ve_skupine": 0, "volam_policii": 0, "reknu_dospelemu": 0, "jine": 0}}
    assert tallies["potreby"]["counts"] == {"misto_na_setkani": 0, "hriste": 4, "hudebni_klub": 0,
                                            "posilovna": 4, "jine": 0}
    # 8-11: 5, 12-14: 3 (suppressed), 15-18: 4 (suppressed); girls 6, boys 6, other 0.
    assert fg.focus_group_composition(storage, "deti-bezpeci", "2026-jaro", min_cell=5) == {
        "sessions": 2, "children": 12, "by_age_band": {"8-11": 5, "12-14": None, "15-18": None},
        "by_gender": {"girl": 6, "boy": 6, "other": 0}}


def test_done_page__children__shows_linka_bezpeci_and_the_workers_contact(client, app):
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    with client.session_transaction() as session:  # as after the last screen of a run
        session["finished"] = {"questionnaire_id": "deti-bezpeci"}
    page = html.unescape(client.get("/s/deti-bezpeci/dekujeme").get_data(as_text=True))
    assert '<a class="phone" href="tel:116111">116 111</a>' in page
    assert questionnaire.contact["cs"] in page


# --- error messages in the request's language (focus_group_messages) ----------------

JSON = {"Accept": "application/json"}


def test_add_note__outside_the_map__czech_reason_by_default_english_with_lang_en(facilitator, record):
    url = f"/admin/focus-groups/{record['id']}/notes"
    czech = facilitator.post(url, data={**DRUGS, "lat": "50.70"})
    assert czech.status_code == 422
    assert "Bod na mapě: bod (50,7; 13,5662) leží mimo mapu" in html.unescape(czech.get_data(as_text=True))
    assert facilitator.post(url, data={**DRUGS, "lat": "50.70"}, headers=JSON).get_json() == {
        "error": "invalid", "message": "Bod na mapě: bod (50,7; 13,5662) leží mimo mapu",
        "field": "lat", "code": "point_outside_map"}
    english = facilitator.post(f"{url}?lang=en", data={**DRUGS, "lat": "50.70"}, headers=JSON)
    assert english.get_json() == {
        "error": "invalid", "message": "Point on the map: the point 50.7, 13.5662 is outside the map",
        "field": "lat", "code": "point_outside_map"}


@pytest.mark.parametrize("change, czech", [
    ({"category": "tma"}, "Co tam je: vyberte, co tam je (jednu z možností: drogy, nebezpecni_lide"),
    ({"lat": "", "lon": ""}, "Bod na mapě: umístěte lístek na mapu, nebo vyberte místo ze seznamu"),
    ({"lat": "sever"}, "Bod na mapě: bod musí být dvě čísla (zeměpisná šířka a délka)"),
    ({"experience": ""}, "Vlastní zkušenost, nebo z doslechu: vyberte, jestli jde o vlastní zkušenost, "
                         "nebo o něco z doslechu"),
    ({"agreed": "9"}, "Kolik dětí souhlasilo: zadejte číslo od 1 do 8 (zadáno: 9)"),
    ({"agreed": "pět"}, "Kolik dětí souhlasilo: „pět“ není celé číslo"),
    ({"age_band": "3-5"}, "Věková skupina: neznámá věková skupina „3-5“"),
])
def test_add_note__bad_field__czech_page_names_the_field_and_the_reason(facilitator, record, change, czech):
    response = facilitator.post(f"/admin/focus-groups/{record['id']}/notes", data={**DRUGS, **change})
    assert response.status_code == 422
    assert czech in html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("change, czech, english", [
    ({"parental_consents": "7"},
     "Souhlasy rodičů: souhlasů je méně (7) než dětí (8): každé dítě potřebuje souhlas rodiče",
     "Parental consents: 7 parental consents for 8 children: every child needs one"),
    ({"assents": "5"}, "Souhlasy dětí: souhlasů je méně (5) než dětí (8): každé dítě musí samo souhlasit",
     "Children's assents: 5 assents for 8 children: every child must agree"),
    ({"consent_confirmed": ""}, "Souhlas: potvrďte, že rodiče dali souhlas a že děti samy souhlasily",
     "Consent: confirm that parental consent and the children's own assent were obtained"),
    ({"date": "12. 3. 2026"}, "Datum: „12. 3. 2026“ není datum (RRRR-MM-DD)",
     "Date: '12. 3. 2026' is not a date (YYYY-MM-DD)"),
    ({"facilitators": ""}, "Facilitátoři: uveďte alespoň jednoho facilitátora (pracovníka, nikdy ne dítě)",
     "Facilitators: name at least one facilitator (staff, not children)"),
    ({"place": "x" * 121}, "Místo: text je příliš dlouhý (počet znaků: 121, nejvýše 120)",
     "Place: is too long (121 characters, at most 120)"),
])
def test_new_focus_group__refused__json_message_in_czech_then_english(facilitator, campaign, storage,
                                                                      change, czech, english):
    form = {**SESSION, "campaign_id": campaign["id"], **change}
    url = f"/admin/focus-groups/new?campaign_id={campaign['id']}"
    response = facilitator.post(url, data=form, headers=JSON)
    assert response.status_code == 422
    assert response.get_json()["message"] == czech
    assert facilitator.post(f"{url}&lang=en", data=form, headers=JSON).get_json()["message"] == english
    assert fg.list_sessions(storage) == []


def test_tallies__over_children_present__czech_then_english(facilitator, record):
    url = f"/admin/focus-groups/{record['id']}/tallies"
    czech = facilitator.post(url, data={"tally__potreby__hriste": "9"})
    assert czech.status_code == 422
    assert "Počty: zadejte číslo od 0 do 8 (zadáno: 9)" in html.unescape(czech.get_data(as_text=True))
    english = facilitator.post(f"{url}?lang=en", data={"tally__potreby__hriste": "9"}, headers=JSON)
    assert english.get_json() == {"error": "invalid", "message": "Tallies: must be between 0 and 8 (found 9)",
                                  "field": "tally__potreby__hriste", "code": "out_of_range"}


def test_messages_catalogue__every_code_in_czech_and_english_with_the_same_placeholders():
    import string
    from survey_app.fieldwork import messages as m
    for code, texts in m.MESSAGES.items():
        assert set(texts) == {"cs", "en"}, code
        fields = [{name for _, name, _, _ in string.Formatter().parse(texts[lang]) if name} for lang in ("cs", "en")]
        assert fields[0] == fields[1], code
        assert texts["cs"] != texts["en"], code


def test_messages_catalogue__czech_decimal_comma_and_missing_params_kept():
    from survey_app.fieldwork import messages as m
    assert m.message("point_outside_map", "cs", lat=50.7, lon=13.5662) == "bod (50,7; 13,5662) leží mimo mapu"
    assert m.message("point_outside_map", "en", lat=50.7, lon=13.5662) == "the point 50.7, 13.5662 is outside the map"
    assert m.message("photo_too_big", "cs", limit=10.0) == "soubor je příliš velký: přijmout lze nejvýše 10 MB"
    assert m.message("photo_too_big", "cs", limit=0.5) == "soubor je příliš velký: přijmout lze nejvýše 0,5 MB"
    assert m.message("out_of_range", "uk", low=1, high=8, value=9) == "zadejte číslo od 1 do 8 (zadáno: 9)"
    assert m.message("out_of_range", "en", low=1) == "must be between 1 and {high} (found {value})"
    error = fg.FocusGroupError("agreed", "out_of_range", low=1, high=8, value=9)
    assert str(error) == "agreed: must be between 1 and 8 (found 9)"
    assert error.message() == "zadejte číslo od 1 do 8 (zadáno: 9)"


def test_pure_modules__no_flask_import():
    from pathlib import Path
    package = Path(fg.__file__).parents[1]
    for name in ("fieldwork/messages.py", "fieldwork/focus_groups.py", "fieldwork/photos.py",
                 "fieldwork/safeguarding.py", "web/focus_groups/response_list.py"):
        source = (package / name).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+flask", source, re.MULTILINE), name


def test_forms__expired_csrf_token__400_with_the_reason_page_or_json(csrf_app, login_as):
    """CSRFProtect answers first (errors._handle_csrf); nothing is stored either way."""
    storage = csrf_app.extensions["survey_storage"]
    created, _ = campaigns.create_campaign(storage, "deti-bezpeci", "2026-jaro")
    s = fg.spec_for(csrf_app.extensions["survey_registry"].get("deti-bezpeci"))
    record = fg.create_session(storage, s, fg.parse_session({**SESSION, "campaign_id": str(created["id"])}, s,
                                                            {created["id"]: created}.get), "x")
    facilitator = login_as("facilitator", client=csrf_app.test_client())
    for url in (f"/admin/focus-groups/{record['id']}/edit", f"/admin/focus-groups/{record['id']}/notes"):
        page = facilitator.post(f"{url}?lang=cs", data={**SESSION, "campaign_id": str(created["id"])})
        assert page.status_code == 400, url
        assert "Platnost formuláře vypršela." in page.get_data(as_text=True)
        json = facilitator.post(f"{url}?lang=en", data={}, headers=JSON)
        assert (json.status_code, json.get_json()) == (400, {
            "error": "csrf", "message": "The form has expired. Please go back, reload the page and try again."})
    assert fg.get_session(storage, record["id"])["history"] == record["history"]


# --- the history as people read it (issue 14) ----------------------------------------------

def test_history__labels_and_values_not_json__times_in_prague(app, facilitator, record, storage):
    note = fg.parse_note(DRUGS, spec(app), record)
    _saved, note_id = fg.add_note(storage, record["id"], note, "jana@example.org", now="2026-03-12T16:30:00Z")
    fg.update_note(storage, record["id"], note_id, {**note, "category": "strikacky", "agreed": 5},
                   "jana@example.org", now="2026-07-01T08:05:00Z")
    tally = {"strategie": {code: 0 for code in spec(app).tally_options["strategie"]}}
    first = next(iter(tally["strategie"]))
    tally["strategie"][first] = 2
    fg.set_tallies(storage, record["id"], tally, {}, "jana@example.org", now="2026-07-01T08:06:00Z")
    page = facilitator.get(f"/admin/focus-groups/{record['id']}").get_data(as_text=True)
    history = page[page.index('id="history"'):]
    assert "{" not in history and "}" not in history and '"' + "lat" not in history
    assert ('<time datetime="2026-07-01T08:05:00Z">1. 7. 2026 10:05</time> · jana@example.org · '
            f'<strong class="fg-history-what">Lístek {note_id}: Co tam je</strong>: '
            '<span class="fg-old">Prodávání drog</span> → <span class="fg-new">Pohozené stříkačky a jehly</span>') in history
    assert (f'<strong class="fg-history-what">Lístek {note_id}: Kolik dětí souhlasilo</strong>: '
            '<span class="fg-old">4</span> → <span class="fg-new">5</span>') in history
    assert ('<time datetime="2026-03-12T16:30:00Z">12. 3. 2026 17:30</time> · jana@example.org · '
            f'<strong class="fg-history-what">Lístek {note_id}</strong>: <span class="fg-new">Co tam je: Prodávání drog · '
            'Zeměpisná šířka: 50.5931 · Zeměpisná délka: 13.5662 · Vlastní zkušenost, nebo z doslechu: Z doslechu · '
            'Kolik dětí souhlasilo: 4 · Věková skupina: 12 až 14 let · Co zaznělo: U garáží se prodávají drogy.</span>'
            ) in history
    assert ('<strong class="fg-history-what">Počty: Co děláš, aby se ti nic nestalo?</strong>: '
            '<span class="fg-old">Těm místům se vyhýbám: 0, Chodím se staršími nebo ve skupině: 0, ') in history


def test_history__english__english_labels_and_iso_local_time(app, facilitator, record, storage):
    fg.update_session(storage, record["id"], {"place": "NZDM Jaklík"}, "petr@example.org", now="2026-12-24T23:30:00Z")
    page = facilitator.get(f"/admin/focus-groups/{record['id']}?lang=en").get_data(as_text=True)
    assert ('<time datetime="2026-12-24T23:30:00Z">2026-12-25 00:30</time> · petr@example.org · '
            '<strong class="fg-history-what">Place</strong>: <span class="fg-old">Sousedský dům Libuše</span> → '
            '<span class="fg-new">NZDM Jaklík</span>') in page
    assert '<strong class="fg-history-what">Record created</strong></li>' in page


def test_history__composition_and_consent__readable(app, facilitator, record, storage):
    fields = fg.parse_session({**SESSION, "campaign_id": str(record["campaign_id"]), "comp__8-11__girl": "4",
                               "parental_consents": "9", "assents": "9"}, spec(app), campaigns_lookup(storage))
    fg.update_session(storage, record["id"], fields, "jana@example.org", now="2026-03-12T16:31:00Z")
    page = facilitator.get(f"/admin/focus-groups/{record['id']}?lang=en").get_data(as_text=True)
    history = page[page.index('id="history"'):]
    assert "{" not in history
    assert ('<strong class="fg-history-what">Who took part</strong>: '
            '<span class="fg-old">8 to 11 years: Girls 3, Boys 2; 12 to 14 years: Girls 1, Boys 2</span> → '
            '<span class="fg-new">8 to 11 years: Girls 4, Boys 2; 12 to 14 years: Girls 1, Boys 2</span>') in history
    assert ('<span class="fg-old">Consent confirmed: yes · Parental consents: 8 · Children&#39;s assents: 8</span> → '
            '<span class="fg-new">Consent confirmed: yes · Parental consents: 9 · Children&#39;s assents: 9</span>'
            ) in history


def campaigns_lookup(storage):
    return lambda campaign_id: campaigns.get_campaign(storage, campaign_id)


def test_delete_note__confirm_page_of_an_unknown_note__404(facilitator, record):
    assert facilitator.get(f"/admin/focus-groups/{record['id']}/notes/nope/delete").status_code == 404


def test_map_data__opens_on_the_janov_estate__town_bounds_stay_the_limits(facilitator, record):
    page = facilitator.get(f"/admin/focus-groups/{record['id']}").get_data(as_text=True)
    data = json.loads(html.unescape(re.search(r'data-fg-map="([^"]+)"', page).group(1)))
    janov = {"center": [50.5925, 13.566], "zoom": 15, "place": "janov-sidliste",
             "bounds": [[50.587, 13.553], [50.598, 13.577]]}
    assert data["view"] == janov
    assert data["bounds"] == [[50.572, 13.54], [50.62, 13.648]]
    assert json.loads(html.unescape(re.search(r'data-fg-view="([^"]+)"', page).group(1))) == janov


def test_initial_view__no_place_around_the_centre__center_and_zoom_only():
    from survey_app.web.focus_groups.map_data import initial_view

    class Place:
        id, polygon = "elsewhere", [[1, 1], [2, 1], [2, 2]]
    assert initial_view({"center": [50.59, 13.56], "zoom": 14}, [Place]) == {
        "center": [50.59, 13.56], "zoom": 14, "place": None, "bounds": None}
    assert initial_view({}, [Place])["bounds"] is None
