"""Issue 15 wired end to end on real releases (published through POST
/admin/summaries/<id>/releases): the measures and their before/after in the city's
downloads and in the release, the dashboard's panels, the CLI export, the public page."""
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from survey_app.fieldwork import measures as model
from survey_app.web.measures import releases as measure_releases
from tests.release_stub import children, publish
from tests.web.test_results import MEASURE, text_of

URL = "/admin/summaries/deti-bezpeci"
JSON = {"Accept": "application/json"}
FORM = {"questionnaire_id": "deti-bezpeci", "title_cs": "Více hlídek APK u nákupního střediska",
        "title_en": "More APK patrols at the shopping centre", "description_cs": "Hlídky odpoledne a večer.",
        "actor": "apk", "status": "planned", "decided_on": "2026-04-15", "places": ["janov-nakupni-stredisko"],
        "options": ["obavy:drogy"], "release": "1", "public": "y"}
HEADER = ("measure;title_cs;status;question;question_label;option;option_label;place;place_label;before_release;"
          "before_wave;before_pct;before_base;after_release;after_wave;after_pct;after_base;change_pp\r\n")
# by hand: 12 of 20 children marked the shopping centre unsafe in spring, 6 of 20 in autumn;
# 10 of 20 and 5 of 20 were afraid of drug dealing
CHECK_ROWS = ("1;Více hlídek APK u nákupního střediska;done;mapa;Kde se bojíš?;feeling:unsafe;"
              "značky „necítím se tu bezpečně“;janov-nakupni-stredisko;Janov – okolí nákupního střediska;"
              "1;2026-jaro;60,0;20;2;2026-podzim;30,0;20;-30,0\r\n"
              "1;Více hlídek APK u nákupního střediska;done;obavy;Čeho se bojíš?;drogy;Prodávání drog;;;"
              "1;2026-jaro;50,0;20;2;2026-podzim;25,0;20;-25,0\r\n")
FIGURES = [
    {"question": "mapa", "question_label": "Kde se bojíš?", "option": "feeling:unsafe",
     "option_label": "značky „necítím se tu bezpečně“", "place": "janov-nakupni-stredisko",
     "place_label": {"cs": "Janov – okolí nákupního střediska", "uk": "Janov – біля торгового центру",
                     "en": "Janov – around the shopping centre"},
     "before": {"pct": 60.0, "base": 20}, "after": {"pct": 30.0, "base": 20}, "change_pp": -30.0},
    {"question": "obavy", "question_label": "Čeho se bojíš?", "option": "drogy", "option_label": "Prodávání drog",
     "place": None, "place_label": None, "before": {"pct": 50.0, "base": 20}, "after": {"pct": 25.0, "base": 20},
     "change_pp": -25.0}]


@pytest.fixture
def loop(app, storage, login_as):
    """Release 1 (spring: 20 children, 12 mark the shopping centre, 10 fear drug dealing),
    the measure recorded by a facilitator from release 1 and marked done by the city,
    then release 2 (autumn: 20 children, 6 and 5)."""
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    storage.add_responses(children(questionnaire, "2026-jaro", 20, centre=12, drogy=10, young=12))
    facilitator = login_as("facilitator", client=app.test_client())
    assert publish(facilitator)["release"] == 1
    assert facilitator.post("/admin/measures/new", data=FORM).status_code == 303
    city = login_as("city", client=app.test_client())
    assert city.post("/admin/measures/1", data={**FORM, "status": "done", "done_on": "2026-06-30"}).status_code == 303
    storage.add_responses(children(questionnaire, "2026-podzim", 20, centre=6, drogy=5, young=11))
    assert publish(facilitator)["release"] == 2
    return {"city": city, "facilitator": facilitator, "questionnaire": questionnaire}


def test_city_download__before_after_csv__exact_text(loop):
    response = loop["city"].get(f"{URL}/download/summary-csv?part=before_after")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="deti-bezpeci_all_summary-csv-before_after_{date.today().isoformat()}.csv"')
    assert response.data.decode("utf-8") == "\ufeff" + HEADER + CHECK_ROWS


def test_city_download__measures_csv__only_this_questionnaire_exact_text(loop, storage):
    model.create_measure(storage, {**MEASURE, "questionnaire_id": "dospeli-bezpeci", "places": [], "options": [],
                                   "title": {"cs": "Lampy v parku", "en": ""}}, "x")
    measure = model.get_measure(storage, 1)
    text = loop["city"].get(f"{URL}/download/summary-csv?part=measures&dialect=rfc4180").data.decode("utf-8")
    assert text == (
        "id,questionnaire,title_cs,title_en,description_cs,description_en,actor,status,decided_on,done_on,places,"
        "point,options,release,public,updated_at\r\n"
        "1,deti-bezpeci,Více hlídek APK u nákupního střediska,More APK patrols at the shopping centre,"
        "Hlídky odpoledne a večer.,,Asistenti prevence kriminality,done,2026-04-15,2026-06-30,"
        f"janov-nakupni-stredisko,,obavy:drogy,1,ano,{measure['updated_at']}\r\n")


def test_city_xlsx__measures_and_before_after_sheets(loop):
    book = load_workbook(io.BytesIO(loop["city"].get(f"{URL}/download/summary-xlsx").data))
    assert book.sheetnames == ["summary", "wave_comparison", "map_grid", "measures", "before_after", "about"]
    assert [row[:3] + row[7:10] for row in book["measures"].values] == [
        ("id", "questionnaire", "title_cs", "status", "decided_on", "done_on"),
        (1, "deti-bezpeci", "Více hlídek APK u nákupního střediska", "done", "2026-04-15", "2026-06-30")]
    assert [row[3:6] + row[9:] for row in list(book["before_after"].values)[1:]] == [
        ("mapa", "Kde se bojíš?", "feeling:unsafe", 1, "2026-jaro", 60, 20, 2, "2026-podzim", 30, 20, -30),
        ("obavy", "Čeho se bojíš?", "drogy", 1, "2026-jaro", 50, 20, 2, "2026-podzim", 25, 20, -25)]
    about = dict(book["about"].values)
    assert (about["release"], about["measures"], about["before_after"]) == (
        2, 1, "opatření 1: zveřejnění 1 (2026-jaro) → zveřejnění 2 (2026-podzim)")


def test_release_parts__release_2__the_checks_it_stores(loop, app, storage):
    release_1, release_2 = storage.list_releases("deti-bezpeci")
    with app.test_request_context():
        parts = measure_releases.release_parts(loop["questionnaire"])(release_2, [release_1])
        read = measure_releases.checks_of(loop["questionnaire"], release_2)
    assert parts == {"before_after": [{"measure": 1, "before": {"number": 1, "wave": "2026-jaro"},
                                       "after": {"number": 2, "wave": "2026-podzim"}, "figures": FIGURES,
                                       "title": {"cs": "Více hlídek APK u nákupního střediska",
                                                 "en": "More APK patrols at the shopping centre"},
                                       "status": "done"}]}
    assert read == parts["before_after"]
    # release 1 checks nothing: no measure had a release before it
    with app.test_request_context():
        assert measure_releases.checks_of(loop["questionnaire"], release_1) == []


def test_release__published__stores_its_before_after_part(loop, storage):
    stored = storage.get_release("deti-bezpeci", 2)
    assert [c["figures"] for c in stored["before_after"]] == [FIGURES]
    assert storage.get_release("deti-bezpeci", 1)["before_after"] == []


def test_dashboard__city__coverage_then_checks_after_the_title(loop):
    page = text_of(loop["city"].get(URL).get_data(as_text=True))
    title = page.index("Jak se cítíš v Janově? deti-bezpeci")
    assert title < page.index("Kdo se zúčastnil") < page.index("Zkontrolováno v další vlně") < page.index("Ke stažení")
    assert ("Kdo se zúčastnil Odpovědělo 11 dětí ve věku 8–11 let. Odpovědělo 9 dětí ve věku 12–14 let. "
            "Ve věku 15–18 let neodpovědělo žádné dítě.") in page
    assert ("Kde se bojíš? – Janov – okolí nákupního střediska: značky „necítím se tu bezpečně“ "
            "60,0 % (z 20) 30,0 % (z 20) -30,0 p. b. "
            "Čeho se bojíš? – Prodávání drog 50,0 % (z 20) 25,0 % (z 20) -25,0 p. b.") in page
    assert "Město zatím neuvedlo počet obyvatel ve věkových skupinách 8-11, 12-14, 15-18." in page


def test_dashboard__city_release_1__not_checked_yet(loop):
    page = text_of(loop["city"].get(f"{URL}?release=1").get_data(as_text=True))
    assert "Zatím nezkontrolováno: další vlna ještě nebyla zveřejněna." in page
    assert "Kde se bojíš? – Janov – okolí nákupního střediska: značky „necítím se tu bezpečně“ 60,0 % (z 20) – –" in page
    assert "2026-podzim" not in page.split("Ke stažení")[0]


def test_dashboard__facilitator_live_view__panels_from_the_latest_release(loop):
    page = text_of(loop["facilitator"].get(f"{URL}?audience=facilitator").get_data(as_text=True))
    assert "Vidíte všechny počty" in page or "You see every count" in page
    assert "Kdo se zúčastnil Odpovědělo 11 dětí ve věku 8–11 let." in page
    assert "60,0 % (z 20) 30,0 % (z 20) -30,0 p. b." in page


def test_dashboard__no_release_no_measures__panels_say_so(app, storage, login_as):
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    storage.add_responses(children(questionnaire, "2026-jaro", 3, centre=1, drogy=1, young=1))
    response = login_as("facilitator").get(f"{URL}?audience=facilitator")
    assert response.status_code == 200
    page = text_of(response.get_data(as_text=True))
    assert "Kdo se zúčastnil Zatím nebylo nic zveřejněno." in page
    assert "Zkontrolováno v další vlně Zatím nejsou zaznamenána žádná opatření." in page


def test_export_cli__city_summary_csv__measures_and_before_after_files(loop, runner, tmp_path):
    result = runner.invoke(args=["export", "--questionnaire", "deti-bezpeci", "--format", "summary-csv",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    day = date.today().isoformat()
    assert result.stdout.splitlines() == [str(tmp_path / f"deti-bezpeci_all_summary-csv{p}_{day}.csv")
                                          for p in ("", "-measures", "-before_after")]
    written = (tmp_path / f"deti-bezpeci_all_summary-csv-before_after_{day}.csv").read_bytes()
    assert written.decode("utf-8") == "\ufeff" + HEADER + CHECK_ROWS
    assert written == loop["city"].get(f"{URL}/download/summary-csv?part=before_after").data


def test_facilitator_download__live_summary__carries_the_measures_too(loop):
    text = loop["facilitator"].get(f"{URL}/download/summary-csv?part=measures&audience=facilitator").data.decode()
    assert text.splitlines()[1].startswith("1;deti-bezpeci;Více hlídek APK u nákupního střediska;")
    checks = loop["facilitator"].get(f"{URL}/download/summary-csv?part=before_after&audience=facilitator").data
    assert checks.decode("utf-8") == "\ufeff" + HEADER + CHECK_ROWS


def test_public_page__real_release__shopping_centre_and_the_measure(loop, client):
    data = client.get("/vysledky/deti-bezpeci", headers=JSON).get_json()
    assert data["took_part"] == 40
    # all waves: the station 22 of 40 (55 %), the shopping centre 18 of 40 (45 %)
    assert [(p["id"], p["pct"], p["in_ten"]) for p in data["places"]] == [
        ("nadrazi", 55.0, 6), ("janov-nakupni-stredisko", 45.0, 4)]
    assert [(m["title"], m["status"]) for m in data["measures"]] == [("Více hlídek APK u nákupního střediska", "done")]


def test_dashboard_json__city__coverage_and_checks_of_the_release(loop):
    data = loop["city"].get(URL, headers=JSON).get_json()
    assert data["release"] == 2 and data["coverage"]["release"] == 2
    assert data["coverage"]["sentences"][0] == "Odpovědělo 11 dětí ve věku 8–11 let."
    assert [c["figures"] for c in data["checks"]] == [FIGURES]

