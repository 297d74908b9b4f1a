"""Measures: parsing with errors naming the field, history of every change, the
city's rows, and a measure's full life through the pages and the CLI."""
import pytest

from survey_app.fieldwork import measures as model
from tests.release_stub import children, publish

FORM = {"questionnaire_id": "deti-bezpeci", "title_cs": "Více hlídek APK u nákupního střediska",
        "title_en": "More APK patrols at the shopping centre", "description_cs": "Hlídky odpoledne a večer.",
        "actor": "apk", "status": "planned", "decided_on": "2026-04-15", "places": "janov-nakupni-stredisko",
        "options": "obavy:drogy", "release": "1", "public": "y"}


@pytest.fixture
def releases(app, storage, login_as):
    """Release 1 of deti-bezpeci (20 children in 2026-jaro), published through the real path."""
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    storage.add_responses(children(questionnaire, "2026-jaro", 20, centre=12, drogy=10, young=12))
    assert publish(login_as("facilitator", client=app.test_client()))["release"] == 1


def choices(app):
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    return {"deti-bezpeci": model.choices_for(questionnaire, [1])}.get


def test_parse_measure__full_form__fields(app):
    fields = model.parse_measure(FORM, choices(app), model.ACTORS)
    assert fields == {"title": {"cs": "Více hlídek APK u nákupního střediska",
                                "en": "More APK patrols at the shopping centre"},
                      "description": {"cs": "Hlídky odpoledne a večer.", "en": ""}, "actor": "apk",
                      "status": "planned", "decided_on": "2026-04-15", "done_on": None,
                      "questionnaire_id": "deti-bezpeci", "places": ["janov-nakupni-stredisko"],
                      "point": None, "options": ["obavy:drogy"], "release": 1, "public": True}


def test_parse_measure__point__inside_the_map_kept__outside_refused(app):
    fields = model.parse_measure({**FORM, "lat": "50,5925", "lon": "13.566"}, choices(app), model.ACTORS)
    assert fields["point"] == {"lat": 50.5925, "lon": 13.566}
    with pytest.raises(model.MeasureError) as caught:
        model.parse_measure({**FORM, "lat": "49.0", "lon": "13.566"}, choices(app), model.ACTORS)
    assert (caught.value.field, caught.value.message("cs")) == ("lat", "bod (49; 13,566) leží mimo mapu dotazníku")


@pytest.mark.parametrize("change, field, cs", [
    ({"title_cs": " "}, "title_cs", "je potřeba vyplnit"),
    ({"status": "hotovo"}, "status", "„hotovo“ není na výběr (možnosti: planned, in_progress, done, dropped)"),
    ({"decided_on": "15. 4. 2026"}, "decided_on", "„15. 4. 2026“ není datum (RRRR-MM-DD)"),
    ({"done_on": "2026-04-01"}, "done_on", "datum dokončení (2026-04-01) je dřív než datum rozhodnutí (2026-04-15)"),
    ({"places": "mars"}, "places", "místo „mars“ v dotazníku deti-bezpeci není"),
    ({"options": "obavy:upiri"}, "options", "odpověď „obavy:upiri“ v dotazníku deti-bezpeci není"),
    ({"release": "7"}, "release", "zveřejnění č. 7 u dotazníku deti-bezpeci neexistuje"),
    ({"questionnaire_id": "nic"}, "questionnaire_id", "dotazník „nic“ neexistuje"),
    ({"actor": "hasici"}, "actor", "„hasici“ není na výběr (možnosti: mp, apk, osvs, mesto, my-litvinov, skola, jiny)"),
])
def test_parse_measure__bad_field__error_names_it(app, change, field, cs):
    with pytest.raises(model.MeasureError) as caught:
        model.parse_measure({**FORM, **change}, choices(app), model.ACTORS)
    assert (caught.value.field, caught.value.message("cs")) == (field, cs)


def test_update_measure__two_fields_changed__two_history_entries(storage, app):
    fields = model.parse_measure(FORM, choices(app), model.ACTORS)
    measure = model.create_measure(storage, fields, "f@example.org", now="2026-04-15T08:00:00Z")
    done = {**fields, "status": "done", "done_on": "2026-06-30"}
    updated = model.update_measure(storage, measure["id"], done, "city@example.org", now="2026-07-01T08:00:00Z")
    assert updated["history"] == [
        {"at": "2026-04-15T08:00:00Z", "by": "f@example.org", "field": "created", "old": None, "new": None},
        {"at": "2026-07-01T08:00:00Z", "by": "city@example.org", "field": "status", "old": "planned", "new": "done"},
        {"at": "2026-07-01T08:00:00Z", "by": "city@example.org", "field": "done_on", "old": None, "new": "2026-06-30"}]


def test_measures_rows__one_measure__exact_columns(storage, app):
    fields = model.parse_measure(FORM, choices(app), model.ACTORS)
    measure = model.create_measure(storage, fields, "f@example.org", now="2026-04-15T08:00:00Z")
    rows = model.measures_rows([measure])
    assert list(rows[0]) == model.MEASURE_COLUMNS
    assert rows == [{"id": 1, "questionnaire": "deti-bezpeci", "title_cs": "Více hlídek APK u nákupního střediska",
                     "title_en": "More APK patrols at the shopping centre",
                     "description_cs": "Hlídky odpoledne a večer.", "description_en": "",
                     "actor": "Asistenti prevence kriminality", "status": "planned", "decided_on": "2026-04-15",
                     "done_on": "", "places": "janov-nakupni-stredisko", "point": "", "options": "obavy:drogy", "release": 1,
                     "public": "ano", "updated_at": "2026-04-15T08:00:00Z"}]


def post_form(**change):
    data = {**FORM, **change}
    return {**{k: v for k, v in data.items() if k not in ("places", "options")},
            "places": data["places"].split(","), "options": data["options"].split(",")}


def test_measure_pages__create_edit_history_public__full_life(app, login_as, releases, runner):
    facilitator = login_as("facilitator")
    response = facilitator.post("/admin/measures/new", data=post_form())
    assert response.status_code == 303 and response.location == "/admin/measures/1"
    page = facilitator.get("/admin/measures/1").get_data(as_text=True)
    assert "Více hlídek APK u nákupního střediska" in page and "Zkontrolováno v další vlně" in page
    assert "Místa: Janov – okolí nákupního střediska" in page
    city = login_as("city", client=app.test_client())
    assert city.post("/admin/measures/1", data=post_form(status="done", done_on="2026-06-30")).status_code == 303
    data = city.get("/admin/measures/1", headers={"Accept": "application/json"}).get_json()
    assert [(h["by"], h["field"], h["old"], h["new"]) for h in data["history"]] == [
        ("facilitator@example.org", "created", None, None), ("city@example.org", "status", "planned", "done"),
        ("city@example.org", "done_on", None, "2026-06-30")]
    listed = city.get("/admin/measures?status=done&public=yes", headers={"Accept": "application/json"}).get_json()
    assert [m["id"] for m in listed["measures"]] == [1]
    assert city.get("/admin/measures?status=planned", headers={"Accept": "application/json"}).get_json()["measures"] == []
    assert city.post("/admin/measures/1", data=post_form(status="done", done_on="2026-06-30", public="")).status_code == 303
    assert app.test_client().get("/vysledky/deti-bezpeci", headers={"Accept": "application/json"}).get_json()["measures"] == []
    result = runner.invoke(args=["measures", "list", "--questionnaire", "deti-bezpeci"])
    assert result.exit_code == 0
    assert result.output == "1\tdone\t2026-04-15\tdeti-bezpeci\tinternal release 1\tVíce hlídek APK u nákupního střediska\n"
    assert runner.invoke(args=["measures", "list", "--questionnaire", "dospeli-bezpeci"]).output == "no measures\n"


def test_measure_new__bad_date__422_names_the_field(login_as, releases):
    client = login_as("city")
    response = client.post("/admin/measures/new", data=post_form(decided_on="zitra"))
    assert response.status_code == 422
    assert "Rozhodnuto dne: „zitra“ není datum (RRRR-MM-DD)" in response.get_data(as_text=True)
    response = client.post("/admin/measures/new", data=post_form(decided_on="zitra"),
                           headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert response.get_json() == {"error": "invalid", "field": "decided_on", "code": "not_a_date",
                                   "message": "Rozhodnuto dne: „zitra“ není datum (RRRR-MM-DD)"}


def test_measure_list__unknown_status_filter__400_names_it(login_as):
    response = login_as("city").get("/admin/measures?status=x", headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["message"].startswith("Filter status: 'x' is not one of:") or \
        "status" in response.get_json()["message"]


def test_measure_new__csrf_on__without_token_400__with_token_303(csrf_app, login_as):
    from tests.conftest import csrf_token_from
    client = login_as("facilitator", client=csrf_app.test_client())
    assert client.post("/admin/measures/new", data=post_form()).status_code == 400
    token = csrf_token_from(client.get("/admin/measures/new").get_data(as_text=True))
    assert client.post("/admin/measures/new", data={**post_form(release=""), "csrf_token": token}).status_code == 303


def test_measure_view__unknown_id__404(login_as):
    assert login_as("admin").get("/admin/measures/99").status_code == 404
