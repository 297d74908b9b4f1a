"""The public page /vysledky/<id>: before and after a release, for children and for
adults, with an exact list of what it shows; its poster's QR code decodes to the
page's address; and a property test that the page and the measures' before/after
figures never show a count from 1 to K-1 or anything the release hides."""
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey_app.analysis.before_after import before_after
from survey_app.analysis.public_page import page_content
from survey_app.fieldwork import measures as model
from tests.release_stub import K, autumn_release, release, row, spring_release, stub_releases

BASE_URL = "https://bezpeci.litvinov.cz"
JSON = {"Accept": "application/json"}
MEASURE = {"title": {"cs": "Více hlídek APK u nákupního střediska", "en": "More APK patrols at the shopping centre"},
           "description": {"cs": "Hlídky odpoledne a večer.", "en": ""}, "actor": "apk", "status": "done",
           "decided_on": "2026-04-15", "done_on": "2026-06-30", "questionnaire_id": "deti-bezpeci",
           "places": ["janov-nakupni-stredisko"], "options": ["obavy:drogy"], "release": 1, "public": True}


@pytest.fixture
def measure(storage):
    model.create_measure(storage, {**MEASURE, "title": {"cs": "Interní porada", "en": ""}, "public": False}, "x")
    return model.create_measure(storage, MEASURE, "f@example.org")


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_results_page__before_first_release__measures_only_and_wait(client, measure, monkeypatch):
    stub_releases(monkeypatch, {})
    data = client.get("/vysledky/deti-bezpeci", headers=JSON).get_json()
    assert data == {"questionnaire": "deti-bezpeci", "title": "Jak se cítíš v Janově?", "audience": "children",
                    "lang": "cs", "released": False, "release": None, "took_part": None, "places": [],
                    "worries": [], "measures": [
                        {"id": 2, "title": "Více hlídek APK u nákupního střediska",
                         "description": "Hlídky odpoledne a večer.", "status": "done", "icon": "measure-done",
                         "actor": "Asistenti prevence kriminality",
                         "places": ["Janov – okolí nákupního střediska"], "decided_on": "2026-04-15",
                         "done_on": "2026-06-30"}]}
    page = text_of(client.get("/vysledky/deti-bezpeci").get_data(as_text=True))
    assert "Výsledky budou, až šetření skončí. Přijď se pak podívat!" in page
    assert "Více hlídek APK u nákupního střediska hotovo" in page and "Interní porada" not in page


def test_results_page__children_after_release__exact_content(client, measure, monkeypatch):
    stub_releases(monkeypatch, {"deti-bezpeci": [spring_release()]})
    data = client.get("/vysledky/deti-bezpeci", headers=JSON).get_json()
    assert data["release"] == {"number": 1, "published_on": "2026-04-01", "waves": ["2026-jaro"]}
    assert data["took_part"] == 60
    # hamr (suppressed) and jinde ("somewhere else") are left out; 3 places at most
    assert [(p["id"], p["pct"], p["in_ten"]) for p in data["places"]] == [
        ("janov-nakupni-stredisko", 48.0, 5), ("nadrazi", 30.0, 3), ("park-citadela", 20.0, 2)]
    # exhibicionista (suppressed) and jine left out
    assert [(w["id"], w["label"], w["icon"]) for w in data["worries"]] == [
        ("drogy", "Prodávání drog", "drugs"), ("opili_lide", "Opilí lidé", "bottle"),
        ("strikacky", "Pohozené stříkačky a jehly", "syringe")]
    page = text_of(client.get("/vysledky/deti-bezpeci").get_data(as_text=True))
    assert "Odpovědělo 60 dětí. Děkujeme ti!" in page
    assert "Kde se děti bojí nejčastěji Janov – okolí nákupního střediska asi 5 z 10 dětí" in page
    english = text_of(client.get("/vysledky/deti-bezpeci?lang=en").get_data(as_text=True))
    assert "60 children answered. Thank you!" in english and "More APK patrols at the shopping centre" in english


def test_results_page__adults__vy_and_percentages(client, monkeypatch):
    rows = [row("2026-jaro", "mista", "nadrazi", 20, 80), row("2026-jaro", "problemy", "vandalismus", 44, 90),
            row("2026-jaro", "problemy", "drogy", 3, 90, suppressed=True)]
    stub_releases(monkeypatch, {"dospeli-bezpeci": [release(1, ["2026-jaro"], rows, respondents={"2026-jaro": 90})]})
    data = client.get("/vysledky/dospeli-bezpeci", headers=JSON).get_json()
    assert [(p["id"], p["pct"]) for p in data["places"]] == [("nadrazi", 25.0)]
    assert [(w["id"], w["pct"]) for w in data["worries"]] == [("vandalismus", 48.9)]
    page = text_of(client.get("/vysledky/dospeli-bezpeci").get_data(as_text=True))
    assert "Odpovědělo 90 lidí. Děkujeme, že jste se zapojili." in page
    assert "Místa, která jste jmenovali nejčastěji Nádraží a okolí 25 %" in page


def test_results_page__unknown_questionnaire__404(client):
    assert client.get("/vysledky/nic", headers=JSON).status_code == 404


def test_results_poster__qr_decodes_to_the_page__font_embedded(app_config, monkeypatch, questionnaires_dir):
    from pypdf import PdfReader
    from pyzbar.pyzbar import decode
    from survey_app import create_app
    stub_releases(monkeypatch, {"deti-bezpeci": [spring_release()]})
    app = create_app({**app_config, "BASE_URL": BASE_URL + "/"})
    response = app.test_client().get("/vysledky/deti-bezpeci/plakat.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    page = PdfReader(io.BytesIO(response.data)).pages[0]
    [image] = page.images
    assert [c.data.decode() for c in decode(image.image)] == [f"{BASE_URL}/vysledky/deti-bezpeci"]
    fonts = {f["/BaseFont"] for f in page["/Resources"]["/Font"].values()}
    assert all("DejaVu" in str(f) for f in fonts)
    text = " ".join(page.extract_text().split())
    assert "Co se změnilo" in text and "Odpovědělo 60 dětí. Děkujeme ti!" in text
    assert "• Janov – okolí nákupního střediska (asi 5 z 10 dětí)" in text


def test_results_poster__no_base_url__503(client):
    assert client.get("/vysledky/deti-bezpeci/plakat.pdf", headers=JSON).status_code == 503


def test_before_after__measure_from_release_1__release_2_checks_it():
    result = before_after({**MEASURE, "id": 1}, [spring_release(), autumn_release()])
    assert result == {"measure": 1, "before": {"number": 1, "wave": "2026-jaro"},
                      "after": {"number": 2, "wave": "2026-podzim"}, "figures": [
                          {"question": "mista", "question_label": "Kde se bojíš?", "option": "janov-nakupni-stredisko",
                           "option_label": "Janov – okolí nákupního střediska", "place": None, "place_label": None,
                           "before": {"pct": 48.0, "base": 50}, "after": {"pct": 25.0, "base": 48},
                           "change_pp": -23.0},
                          {"question": "obavy", "question_label": "Čeho se bojíš?", "option": "drogy",
                           "option_label": "Prodávání drog", "place": None, "place_label": None,
                           "before": {"pct": 54.5, "base": 55}, "after": {"pct": 50.0, "base": 50},
                           "change_pp": -4.5}]}


def test_before_after__suppressed_after__none_and_no_change():
    measure = {**MEASURE, "id": 1, "places": ["hamr"], "options": []}
    [figure] = before_after(measure, [spring_release(), autumn_release()])["figures"]
    assert (figure["before"], figure["after"], figure["change_pp"]) == (None, None, None)


def test_before_after__next_wave_not_released__after_none():
    result = before_after({**MEASURE, "id": 1}, [spring_release()])
    assert result["after"] is None and result["figures"][0]["after"] is None


# --- property: nothing from 1 to K-1, nothing hidden ------------------------------

WAVES = ["2026-jaro", "2026-podzim"]
PLACES = ["janov-nakupni-stredisko", "nadrazi", "hamr", "park-citadela"]
WORRIES = ["drogy", "opili_lide", "strikacky"]


@st.composite
def releases(draw):
    out = []
    for number, waves in ((1, WAVES[:1]), (2, WAVES)):
        rows = []
        for wave in waves + (["all"] if len(waves) > 1 else []):
            for question, options in (("mista", PLACES), ("obavy", WORRIES)):
                base = draw(st.integers(0, 60))
                for option in options:
                    n = draw(st.integers(0, base)) if base else 0
                    hidden = draw(st.booleans()) or 0 < n < K or 0 < base < K
                    r = row(wave, question, option, n, base or 1, suppressed=hidden)
                    r["base"] = base if not hidden or draw(st.booleans()) else None
                    if hidden and draw(st.booleans()):
                        r["n"], r["pct"] = n, None   # a careless release keeps n: must still not show
                    rows.append(r)
            rows += map_rows(draw, wave)
        respondents = {w: draw(st.one_of(st.none(), st.integers(K, 200))) for w in waves}
        out.append(release(number, waves, rows, f"2026-{4 + 7 * (number - 1):02d}-01T10:00Z", respondents))
    return out


def map_rows(draw, wave):
    """The map question as a release has it: a category row (breakdown all, whose base is
    the map's respondents) and per place the respondents with an unsafe mark there."""
    base = draw(st.integers(0, 60))
    n = draw(st.integers(0, base)) if base else 0
    hidden = draw(st.booleans()) or 0 < n < K or 0 < base < K
    whole = row(wave, "mapa", "drogy", n, base or 1, suppressed=hidden)
    whole["base"] = base if not hidden or draw(st.booleans()) else None
    rows = [whole]
    for place in PLACES:
        n = draw(st.integers(0, base)) if base else 0
        hidden = draw(st.booleans()) or 0 < n < K
        r = row(wave, "mapa", "feeling:unsafe", n, max(n, 1), "place", place, suppressed=hidden)
        if hidden and draw(st.booleans()):
            r["n"] = n   # a careless release keeps n: must still not show
        rows.append(r)
    return rows


def shown_numbers(value):
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        # in_ten is "about N in 10" (a share, not a count of people)
        return [n for k, v in value.items() if k not in ("id", "number", "in_ten") for n in shown_numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in shown_numbers(v)]
    return []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rels=releases())
def test_public_page_and_before_after__any_release__no_count_below_k_nothing_hidden(app, rels):
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    measure = {**MEASURE, "id": 1, "places": PLACES, "options": [f"obavy:{w}" for w in WORRIES] + ["mapa:drogy"],
               "release": 1,
               "done_on": "2026-05-01"}
    content = page_content(questionnaire, rels, [measure], model.ACTORS, "cs")
    check = before_after(measure, rels)
    assert [n for n in shown_numbers({"took_part": content["took_part"], "places": content["places"],
                                      "worries": content["worries"]}) + shown_numbers(check["figures"])
            if 0 < n < K] == []
    # a percentage of a base gives back a count: never one from 1 to K-1
    shown = [c for f in check["figures"] for c in (f["before"], f["after"]) if c]
    assert [c for c in shown if 0 < round(c["pct"] * c["base"] / 100) < K] == []
    def hidden(rel):
        return {(r["wave"], r["question"], str(r["option"])) for r in rel["tables"]["summary"] if r["suppressed"]}
    latest = rels[-1]
    def hidden_place(rel, wave, place):
        return any(r["suppressed"] for r in rel["tables"]["summary"] if r["wave"] == wave
                   and r["breakdown_value"] == place and r["option"] == "feeling:unsafe")
    # a place comes from the place question or from the map: never from a cell hidden in both
    assert not [p for p in content["places"]
                if ("all", "mista", p["id"]) in hidden(latest) and hidden_place(latest, "all", p["id"])]
    assert not [w for w in content["worries"] if ("all", "obavy", w["id"]) in hidden(latest)]
    for figure in check["figures"]:
        if figure["place"] is not None:
            assert figure["before"] is None or not hidden_place(rels[0], "2026-jaro", figure["place"])
            assert figure["after"] is None or not hidden_place(rels[1], "2026-podzim", figure["place"])
            continue
        if ("2026-jaro", figure["question"], figure["option"]) in hidden(rels[0]):
            assert figure["before"] is None
        if ("2026-podzim", figure["question"], figure["option"]) in hidden(rels[1]):
            assert figure["after"] is None
    assert content["release"]["number"] == latest["number"]
